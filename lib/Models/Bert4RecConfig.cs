namespace SeqRecLab.Models;

/// <summary>
/// BERT4Rec's sizes and masking settings (Sun et al., CIKM 2019; thesis Table 3.3). The defaults are the thesis's
/// "Ours" (HuggingFace-based) BERT4Rec: length 50, d = 64, 2 blocks, 2 heads, feed-forward 128, dropout 0.2,
/// masking probability 0.2 with at most 20 masked items per sequence. <see cref="OursLongerSeq"/> is the same with
/// length 100 (the thesis's best ML-1M model), <see cref="Original"/> the sizes of Sun et al.'s released code.
/// Each study overrides what it changes, e.g. <c>Bert4RecConfig.Ours with { Blocks = 3 }</c> (the released code's depth).
/// </summary>
/// <param name="MaxLength">Input length L, the appended <c>[mask]</c> included at inference: a history contributes its
/// last L − 1 items there and its last L items in training. Table 3.3: 50 (Ours), 100 (Ours, longer seq), 200 (Original).</param>
/// <param name="HiddenSize">Embedding and hidden size d. Table 3.3: 64.</param>
/// <param name="Blocks">Transformer blocks. Table 3.3: 2 (the released "Ours" code builds 3).</param>
/// <param name="Heads">Attention heads; must divide <paramref name="HiddenSize"/>. Table 3.3: 2.</param>
/// <param name="IntermediateSize">Width of the feed-forward layer. 128 in the released "Ours" code; 256 (4·d) in the original.</param>
/// <param name="Dropout">Dropout on the embeddings, the attention output and the feed-forward output. 0.2.</param>
/// <param name="AttentionDropout">Dropout on the attention probabilities. 0.2.</param>
/// <param name="MaskProbability">Share of a sequence's items that training masks (before the cap and the minimum of one). Table 3.3: 0.2.</param>
/// <param name="MaxPredictions">At most this many masked items per training sequence. 20 (the ML-20M setting used for all datasets in the thesis).</param>
/// <param name="InitializerRange">Standard deviation of the normal initialisation of weights and embeddings. 0.02 (BERT).</param>
/// <param name="MaskPaddingKeys">True (Sun et al.'s <c>input_mask</c>): attention ignores padding positions as keys.
/// False reproduces the thesis's HuggingFace code, which passes no attention mask and so lets positions attend to padding.</param>
public sealed record Bert4RecConfig(
    int MaxLength = 50,
    int HiddenSize = 64,
    int Blocks = 2,
    int Heads = 2,
    int IntermediateSize = 128,
    double Dropout = 0.2,
    double AttentionDropout = 0.2,
    double MaskProbability = 0.2,
    int MaxPredictions = 20,
    double InitializerRange = 0.02,
    bool MaskPaddingKeys = true)
{
    /// <summary>The thesis's "Ours" BERT4Rec (Table 3.3): L = 50.</summary>
    public static Bert4RecConfig Ours { get; } = new();

    /// <summary>The thesis's "Ours (longer seq)" BERT4Rec (Table 3.3): L = 100, the best BERT4Rec on ML-1M (NDCG@10 0.1516).</summary>
    public static Bert4RecConfig OursLongerSeq { get; } = new(MaxLength: 100);

    /// <summary>Sun et al.'s released code (Table 3.3 "Original"): L = 200, feed-forward 256.</summary>
    public static Bert4RecConfig Original { get; } = new(MaxLength: 200, IntermediateSize: 256);

    /// <summary>Fails with a message naming the first parameter out of range.</summary>
    public Bert4RecConfig Validate()
    {
        Check.InRange(MaxLength, 2, 100_000);
        Check.Positive(HiddenSize);
        Check.Positive(Blocks);
        Check.Positive(Heads);
        Check.Positive(IntermediateSize);
        Check.InRange(Dropout, 0.0, 0.99);
        Check.InRange(AttentionDropout, 0.0, 0.99);
        Check.InRange(MaskProbability, 0.0, 1.0);
        if (MaskProbability <= 0)
            throw new ArgumentOutOfRangeException(nameof(MaskProbability), MaskProbability, $"MaskProbability must be in (0, 1]; got {MaskProbability}");
        Check.Positive(MaxPredictions);
        Check.Positive(InitializerRange);
        if (HiddenSize % Heads != 0)
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"Heads must divide HiddenSize ({HiddenSize}); got {Heads}");
        return this;
    }
}
