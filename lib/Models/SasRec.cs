using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// SASRec (Kang &amp; McAuley, ICDM 2018): item embeddings (scaled by √d when <see cref="SasRecConfig.ScaleEmbeddings"/>
/// is set, as in Kang &amp; McAuley's code; unscaled in the thesis authors' Keras port) plus learned positional embeddings, dropout,
/// a stack of causal self-attention blocks (<see cref="SasRecBlock"/>), a final LayerNorm; the score of item i at a
/// position is the dot product of the hidden state with item i's (input or separate output) embedding.
/// Padding positions (item 0) are zeroed after every block, and, with <see cref="SasRecConfig.MaskPaddingKeys"/>,
/// ignored as attention keys, as in the authors' TensorFlow code.
/// </summary>
public sealed class SasRec : Module<Tensor, Tensor>, ISequenceEncoder
{
    readonly Embedding items, positions;
    readonly Embedding? outputItems;
    readonly ModuleList<SasRecBlock> blocks;
    readonly LayerNorm finalNorm;
    readonly Dropout embDropout;
    readonly bool maskKeys;
    readonly double scale;

    /// <summary>The configuration this model was built with.</summary>
    public SasRecConfig Config { get; }
    /// <inheritdoc />
    public int NumItems { get; }
    /// <inheritdoc />
    public int MaxLength => Config.MaxLength;
    /// <inheritdoc />
    public int HiddenSize => Config.HiddenSize;
    /// <inheritdoc />
    public Device Device => items.weight!.device;

    /// <summary>Creates SASRec for items 1..<paramref name="numItems"/> on <paramref name="device"/> (default: CPU).</summary>
    public SasRec(int numItems, SasRecConfig config, Device? device = null) : base(nameof(SasRec))
    {
        Config = config.Validate();
        NumItems = Check.Positive(numItems);
        int d = config.HiddenSize;
        scale = config.ScaleEmbeddings ? Math.Sqrt(d) : 1.0;
        maskKeys = config.MaskPaddingKeys;
        items = Embedding(numItems + 1, d, padding_idx: 0);
        positions = Embedding(config.MaxLength, d);
        outputItems = config.SeparateOutputEmbeddings ? Embedding(numItems + 1, d, padding_idx: 0) : null;
        blocks = new ModuleList<SasRecBlock>(Enumerable.Range(0, config.Blocks).Select(_ => new SasRecBlock(d, config.Heads, config.Dropout)).ToArray());
        finalNorm = LayerNorm(d, eps: 1e-8);
        embDropout = Dropout(config.Dropout);
        RegisterComponents();
        ResetParameters();
        if (device is not null) this.to(device);
    }

    /// <summary>Glorot-uniform weights and zero biases (TensorFlow's defaults in the authors' code), embedding tables
    /// uniform on ±<see cref="SasRecConfig.EmbeddingInitRange"/> when it is set; padding rows zero.</summary>
    void ResetParameters()
    {
        using var _ = no_grad();
        foreach (var (name, p) in named_parameters())
        {
            if (p.dim() >= 2) init.xavier_uniform_(p);
            else if (name.EndsWith("bias")) init.zeros_(p);
        }
        if (Config.EmbeddingInitRange is double r)
            foreach (var table in new[] { items, positions, outputItems }.OfType<Embedding>())
                init.uniform_(table.weight!, -r, r);
        items.weight![0].zero_();
        outputItems?.weight![0].zero_();
    }

    /// <inheritdoc />
    public Tensor OutputEmbeddings => (outputItems ?? items).weight!;

    /// <summary>The learned positional embeddings [MaxLength, d]. Inputs are left-padded and positions right-aligned,
    /// so row MaxLength − 1 always belongs to the most recent item and row 0 to the oldest slot of a full window.</summary>
    public Tensor PositionEmbeddings => positions.weight!;

    /// <inheritdoc />
    public Tensor Encode(Tensor inputs)
    {
        long l = inputs.shape[1];
        if (l > Config.MaxLength)
            throw new ArgumentException($"inputs have length {l}, longer than MaxLength ({Config.MaxLength})", nameof(inputs));
        var keep = inputs.ne(0).unsqueeze(-1);                              // [B, L, 1]
        var h = items.forward(inputs) * scale + positions.forward(arange(Config.MaxLength - l, Config.MaxLength, device: inputs.device));
        h = embDropout.forward(h) * keep;
        Tensor? mask = null;
        if (maskKeys)
        {
            // may attend: key position ≤ query position, and the key is an item or the query itself
            var causal = ones(l, l, dtype: ScalarType.Bool, device: inputs.device).tril();
            var eye = torch.eye(l, dtype: ScalarType.Bool, device: inputs.device);
            mask = (causal & (keep.transpose(1, 2) | eye)).unsqueeze(1);   // [B, 1, L, L]
        }
        foreach (var block in blocks) h = block.forward(h, mask!) * keep;
        return finalNorm.forward(h);
    }

    /// <summary>Hidden states [B, L, d] (same as <see cref="Encode"/>).</summary>
    public override Tensor forward(Tensor inputs) => Encode(inputs);

    /// <inheritdoc />
    public Tensor ScoreAll(Tensor histories)
    {
        var last = Encode(histories)[.., -1, ..];                          // [B, d]
        return last.matmul(OutputEmbeddings.t());
    }
}
