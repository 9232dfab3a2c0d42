using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// BERT4Rec (Sun et al., CIKM 2019) as the thesis (ch. 3) describes and re-implements it: item embeddings plus learned
/// position embeddings, LayerNorm and dropout, a stack of bidirectional (non-causal) BERT layers
/// (<see cref="Bert4RecBlock"/>), and BERT's masked-LM output layer: Linear d→d, GELU, LayerNorm, then a dot product
/// with the (tied) input item embeddings plus a per-item output bias.
/// </summary>
/// <remarks>
/// <para><b>Token ids.</b> 0 = padding (the library's convention; inputs are left-padded), items 1..<see cref="NumItems"/>,
/// and <see cref="MaskToken"/> = NumItems + 1, so the embedding table has NumItems + 2 rows. The thesis's code uses
/// pad = NumItems and mask = NumItems + 1 over items 0..NumItems − 1: the same layout shifted by one.</para>
/// <para><b>Fitting <see cref="ISequenceEncoder"/>.</b> <see cref="Encode"/> returns the output layer's transformed
/// states (after Linear, GELU, LayerNorm), so <c>Encode(x) · OutputEmbeddings[i] + OutputBias[i]</c> is exactly the
/// logit of item i; <see cref="OutputEmbeddings"/> is the item embedding table without the mask token's row, and the
/// bias is exposed through <see cref="IOutputBias"/>, which the masked-item loss reads.</para>
/// <para><b>Positions.</b> Inputs of length l ≤ L use position embeddings L − l .. L − 1, so the most recent input is always at
/// position L − 1, in training and at inference alike (the thesis's code: positions 1..L, the <c>[mask]</c> at L).</para>
/// <para><b>Inference.</b> <see cref="ScoreAll"/> drops the oldest of the L history slots, appends <c>[mask]</c> and scores all
/// items at that last position; column 0 (padding) is −∞ and the mask token has no column.</para>
/// <para><b>Initialisation</b> as BERT: weights and embeddings ~ N(0, <see cref="Bert4RecConfig.InitializerRange"/>²),
/// biases 0, LayerNorm weights 1, the padding row and the output bias 0.</para>
/// <para>Not modelled: BERT's token-type embedding (a single type is always used, so it is a constant vector added
/// before the embedding LayerNorm — a shift the position embeddings can learn).</para>
/// </remarks>
public sealed class Bert4Rec : Module<Tensor, Tensor>, ISequenceEncoder, IOutputBias
{
    readonly Embedding items, positions;
    readonly LayerNorm embNorm, headNorm;
    readonly Dropout embDropout;
    readonly ModuleList<Bert4RecBlock> blocks;
    readonly Linear headDense;
    readonly Parameter outputBias;

    /// <summary>The configuration this model was built with.</summary>
    public Bert4RecConfig Config { get; }
    /// <inheritdoc />
    public int NumItems { get; }
    /// <summary>The <c>[mask]</c> token id: <see cref="NumItems"/> + 1.</summary>
    public int MaskToken => NumItems + 1;
    /// <inheritdoc />
    public int MaxLength => Config.MaxLength;
    /// <inheritdoc />
    public int HiddenSize => Config.HiddenSize;
    /// <inheritdoc />
    public Device Device => items.weight!.device;

    /// <summary>Creates BERT4Rec for items 1..<paramref name="numItems"/> on <paramref name="device"/> (default: CPU).</summary>
    public Bert4Rec(int numItems, Bert4RecConfig config, Device? device = null) : base(nameof(Bert4Rec))
    {
        Config = config.Validate();
        NumItems = Check.Positive(numItems);
        int d = config.HiddenSize;
        items = Embedding(numItems + 2, d, padding_idx: 0);
        positions = Embedding(config.MaxLength, d);
        embNorm = LayerNorm(d, eps: 1e-12);
        embDropout = Dropout(config.Dropout);
        blocks = new ModuleList<Bert4RecBlock>(Enumerable.Range(0, config.Blocks)
            .Select(_ => new Bert4RecBlock(d, config.Heads, config.IntermediateSize, config.Dropout, config.AttentionDropout)).ToArray());
        headDense = Linear(d, d);
        headNorm = LayerNorm(d, eps: 1e-12);
        outputBias = new Parameter(zeros(numItems + 1));
        RegisterComponents();
        ResetParameters();
        if (device is not null) this.to(device);
    }

    void ResetParameters()
    {
        using var _ = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (p.dim() >= 2) init.normal_(p, 0.0, Config.InitializerRange);
            else if (name.EndsWith("bias")) init.zeros_(p);   // also the output bias
        }
        items.weight![0].zero_();
    }

    /// <inheritdoc />
    public Tensor OutputEmbeddings => items.weight![..(NumItems + 1)];

    /// <inheritdoc />
    public Tensor OutputBias => outputBias;

    /// <summary>
    /// The output layer's transformed states [B, l, d] for inputs [B, l] (l ≤ <see cref="MaxLength"/>; ids 0 = padding,
    /// 1..NumItems, <see cref="MaskToken"/>), in the module's current mode. Every row must hold at least one non-padding id.
    /// </summary>
    public Tensor Encode(Tensor inputs)
    {
        long l = inputs.shape[1];
        if (l > Config.MaxLength)
            throw new ArgumentException($"inputs have length {l}, longer than MaxLength ({Config.MaxLength})", nameof(inputs));
        var h = items.forward(inputs) + positions.forward(arange(Config.MaxLength - l, Config.MaxLength, device: inputs.device));
        h = embDropout.forward(embNorm.forward(h));
        var keyMask = Config.MaskPaddingKeys ? inputs.ne(0).unsqueeze(1).unsqueeze(1) : null;   // [B, 1, 1, l]
        foreach (var block in blocks) h = block.forward(h, keyMask);
        return headNorm.forward(functional.gelu(headDense.forward(h)));
    }

    /// <summary>Same as <see cref="Encode"/>.</summary>
    public override Tensor forward(Tensor inputs) => Encode(inputs);

    /// <summary>Logits [.., NumItems + 1] of the states <paramref name="encoded"/> [.., d]; column 0 (padding) is −∞.</summary>
    public Tensor Logits(Tensor encoded)
    {
        var scores = encoded.matmul(OutputEmbeddings.t()) + outputBias;
        return scores.index_fill(-1, tensor(new long[] { 0 }, device: scores.device), float.NegativeInfinity);
    }

    /// <summary>
    /// Scores [B, NumItems + 1] for histories [B, l] (l ≤ MaxLength, left-padded with 0): the input is the history's
    /// last l − 1 slots followed by <see cref="MaskToken"/>, and the scores are the logits at that last position.
    /// Column 0 (padding) is −∞; the mask token is not a column.
    /// </summary>
    public Tensor ScoreAll(Tensor histories)
    {
        long b = histories.shape[0];
        var mask = full(new long[] { b, 1 }, MaskToken, dtype: ScalarType.Int64, device: histories.device);
        var inputs = cat(new[] { histories[.., 1..].to(ScalarType.Int64), mask }, 1);
        return Logits(Encode(inputs)[.., -1, ..]);
    }
}
