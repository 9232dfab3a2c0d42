namespace SeqRecLab.Models;

/// <summary>
/// SASRec's sizes (Kang &amp; McAuley, ICDM 2018). Defaults are the paper's MovieLens-1M settings; each study
/// overrides what it changes, e.g. <c>SasRecConfig.KangMcAuley with { HiddenSize = 128, Dropout = 0.5, SeparateOutputEmbeddings = true }</c> for gSASRec.
/// </summary>
/// <param name="MaxLength">Longest input sequence L; longer histories keep their most recent L items. Paper: 200 (ML-1M), 50 (sparse data).</param>
/// <param name="HiddenSize">Embedding and hidden size d. Paper: 50.</param>
/// <param name="Blocks">Number of self-attention blocks. Paper: 2.</param>
/// <param name="Heads">Attention heads; must divide <paramref name="HiddenSize"/>. Paper: 1.</param>
/// <param name="Dropout">Dropout rate on embeddings, attention weights and the feed-forward layers. Paper: 0.2 (ML-1M), 0.5 (sparse data).</param>
/// <param name="SeparateOutputEmbeddings">False (paper): scores use the input item embeddings. True: a separate output
/// table, as gSASRec does.</param>
/// <param name="MaskPaddingKeys">True (paper's code): attention ignores padding positions as keys. False reproduces ports
/// that apply only the causal mask.</param>
/// <param name="ScaleEmbeddings">True (paper's code): item embeddings are multiplied by √d before the positions are
/// added. False reproduces ports that do not scale them, such as the authors' PyTorch gSASRec.</param>
/// <param name="EmbeddingInitRange">Null (paper's code): the item, position and output embedding tables are
/// Glorot-uniform like every other matrix. A value r: uniform on (−r, r) instead; 0.05 is Keras's default, which the
/// gSASRec and RSS authors' SASRec (aprec) uses, together with <c>ScaleEmbeddings = false</c>.</param>
public sealed record SasRecConfig(
    int MaxLength = 200,
    int HiddenSize = 50,
    int Blocks = 2,
    int Heads = 1,
    double Dropout = 0.2,
    bool SeparateOutputEmbeddings = false,
    bool MaskPaddingKeys = true,
    bool ScaleEmbeddings = true,
    double? EmbeddingInitRange = null)
{
    /// <summary>The paper's MovieLens-1M configuration.</summary>
    public static SasRecConfig KangMcAuley { get; } = new();

    // the record's printout (notebooks show it): a null EmbeddingInitRange reads "Glorot" rather than nothing
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"MaxLength = {MaxLength}, HiddenSize = {HiddenSize}, Blocks = {Blocks}, Heads = {Heads}, Dropout = {Dropout}, ");
        builder.Append($"SeparateOutputEmbeddings = {SeparateOutputEmbeddings}, MaskPaddingKeys = {MaskPaddingKeys}, ScaleEmbeddings = {ScaleEmbeddings}, ");
        builder.Append($"EmbeddingInitRange = {(EmbeddingInitRange is double r ? $"±{r}" : "Glorot")}");
        return true;
    }

    /// <summary>Fails with a message naming the first parameter out of range.</summary>
    public SasRecConfig Validate()
    {
        Check.Positive(MaxLength);
        Check.Positive(HiddenSize);
        Check.Positive(Blocks);
        Check.Positive(Heads);
        Check.InRange(Dropout, 0.0, 0.99);
        if (EmbeddingInitRange is double r && !(r > 0))
            throw new ArgumentOutOfRangeException(nameof(EmbeddingInitRange), r, $"EmbeddingInitRange must be > 0 or null; got {r}");
        if (HiddenSize % Heads != 0)
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"Heads must divide HiddenSize ({HiddenSize}); got {Heads}");
        return this;
    }
}
