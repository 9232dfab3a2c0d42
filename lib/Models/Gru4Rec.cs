using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// GRU4Rec (Hidasi et al., ICLR 2016) as the RSS thesis uses the architecture (ch. 4, aprec code): item embeddings
/// → stacked GRUs → ReLU dense layer(s) → a dense output layer with bias over all items (not tied to the input
/// embeddings). Only the architecture is the paper's: training (RSS or Continuation, BCE or λRank over the whole
/// catalogue) replaces GRU4Rec's session-parallel mini-batches and TOP1/BPR losses, as in the thesis.
/// </summary>
/// <remarks>
/// <para>The output layer's bias is folded into the dot-product interface: <see cref="Encode"/> appends a constant 1
/// to every hidden state and <see cref="OutputEmbeddings"/> appends the bias column to the output weights, so
/// score(i) = h·W_i + b_i and <see cref="HiddenSize"/> = d + 1.</para>
/// <para>Deviations from the aprec code: the GRUs use tanh (the GRU paper's and PyTorch's activation; the aprec
/// Keras layers pass ReLU); the padding id 0 has a zero, frozen embedding (Keras learns one). Inputs are left-padded,
/// so the GRU reads the padding first and the last position is the newest item.</para>
/// </remarks>
public sealed class Gru4Rec : Module<Tensor, Tensor>, ISequenceEncoder
{
    readonly Embedding items;
    readonly GRU gru;
    readonly ModuleList<Linear> dense;
    readonly Parameter outWeight, outBias;

    /// <summary>The configuration this model was built with.</summary>
    public Gru4RecConfig Config { get; }
    /// <inheritdoc />
    public int NumItems { get; }
    /// <inheritdoc />
    public int MaxLength => Config.MaxLength;
    /// <summary>d + 1: the dense width plus the constant input of the output bias.</summary>
    public int HiddenSize => Config.EmbeddingSize + 1;
    /// <inheritdoc />
    public Device Device => items.weight!.device;

    /// <summary>Creates GRU4Rec for items 1..<paramref name="numItems"/> on <paramref name="device"/> (default: CPU).</summary>
    public Gru4Rec(int numItems, Gru4RecConfig config, Device? device = null) : base(nameof(Gru4Rec))
    {
        Config = config.Validate();
        NumItems = Check.Positive(numItems);
        int d = config.EmbeddingSize;
        items = Embedding(numItems + 1, d, padding_idx: 0);
        gru = GRU(d, d, numLayers: config.GruLayers, batchFirst: true);
        dense = new ModuleList<Linear>(Enumerable.Range(0, config.DenseLayers).Select(_ => Linear(d, d)).ToArray());
        outWeight = Parameter(empty(numItems + 1, d));
        outBias = Parameter(zeros(numItems + 1, 1));
        RegisterComponents();
        using (no_grad())
        {
            init.uniform_(items.weight!, -0.05, 0.05);       // Keras' embedding initialiser
            items.weight![0].zero_();
            foreach (var (name, p) in gru.named_parameters())
                if (name.StartsWith("weight_hh")) init.orthogonal_(p); else if (name.StartsWith("weight_ih")) init.xavier_uniform_(p); else init.zeros_(p);
            foreach (var l in dense) { init.xavier_uniform_(l.weight!); init.zeros_(l.bias!); }
            init.xavier_uniform_(outWeight);
            outWeight[0].zero_();
        }
        if (device is not null) this.to(device);
    }

    /// <summary>[W | b]: the output weights [NumItems + 1, d] with the output bias appended as a last column (row 0 = padding).</summary>
    public Tensor OutputEmbeddings => cat(new[] { outWeight, outBias }, 1);

    /// <summary>Hidden states [B, L, d + 1] (the last column is 1) for inputs [B, L], L ≤ MaxLength.</summary>
    public Tensor Encode(Tensor inputs)
    {
        if (inputs.shape[1] > Config.MaxLength)
            throw new ArgumentException($"inputs have length {inputs.shape[1]}, longer than MaxLength ({Config.MaxLength})", nameof(inputs));
        var (h, last) = gru.forward(items.forward(inputs));
        last.Dispose();
        foreach (var l in dense) h = functional.relu(l.forward(h));
        return cat(new[] { h, ones(h.shape[0], h.shape[1], 1, dtype: h.dtype, device: h.device) }, 2);
    }

    /// <summary>Same as <see cref="Encode"/>.</summary>
    public override Tensor forward(Tensor inputs) => Encode(inputs);

    /// <inheritdoc />
    public Tensor ScoreAll(Tensor histories) => Encode(histories).select(1, histories.shape[1] - 1).matmul(OutputEmbeddings.t());
}
