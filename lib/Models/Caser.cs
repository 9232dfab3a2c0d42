using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// Caser (Tang &amp; Wang, WSDM 2018), the basic convolutional architecture as the RSS thesis configures it (ch. 4,
/// aprec code): the L × d matrix of item embeddings goes through vertical filters (L × 1, ReLU) and, for every
/// height h = 1…L, horizontal filters (h × d, ReLU, max-pooled over time); the concatenation → dropout → dense d
/// (ReLU) → an untied dense output layer with bias over all items. No user embedding (aprec's
/// <c>requires_user_id=False</c>), as in the thesis.
/// </summary>
/// <remarks>
/// <para><b>One state per sequence:</b> <see cref="Encode"/> returns [B, 1, d + 1], so Caser pairs only with losses
/// that read the last position (<see cref="Training.Losses.LastPositionBceLoss"/>,
/// <see cref="Training.Losses.LambdaRankLoss"/>, i.e. RSS and Continuation), not with the shifted-sequence losses.</para>
/// <para>As in <see cref="Gru4Rec"/>, the output bias is folded into the dot product: the hidden state ends with a
/// constant 1 and <see cref="OutputEmbeddings"/> = [W | b]. Inputs must have exactly <see cref="MaxLength"/>
/// columns (left-padded); the padding id 0 has a zero, frozen embedding (Keras learns one).</para>
/// <para>The convolutions run through <see cref="PaddedFilterConvolution"/>: libtorch's CPU convolution gets the
/// gradient with respect to the embeddings wrong on AVX2 and AVX-512 CPUs when the filter count is not a multiple of
/// 16, as the 4 vertical filters are. Before this, Caser trained on such CPUs with wrong embedding gradients.</para>
/// </remarks>
public sealed class Caser : Module<Tensor, Tensor>, ISequenceEncoder
{
    readonly Embedding items;
    readonly Conv2d vertical;
    readonly ModuleList<Conv1d> horizontal;
    readonly Dropout dropout;
    readonly Linear dense;
    readonly Parameter outWeight, outBias;

    /// <summary>The configuration this model was built with.</summary>
    public CaserConfig Config { get; }
    /// <inheritdoc />
    public int NumItems { get; }
    /// <inheritdoc />
    public int MaxLength => Config.MaxLength;
    /// <summary>d + 1: the dense width plus the constant input of the output bias.</summary>
    public int HiddenSize => Config.EmbeddingSize + 1;
    /// <inheritdoc />
    public Device Device => items.weight!.device;

    /// <summary>Creates Caser for items 1..<paramref name="numItems"/> on <paramref name="device"/> (default: CPU).</summary>
    public Caser(int numItems, CaserConfig config, Device? device = null) : base(nameof(Caser))
    {
        Config = config.Validate();
        NumItems = Check.Positive(numItems);
        int d = config.EmbeddingSize, l = config.MaxLength;
        items = Embedding(numItems + 1, d, padding_idx: 0);
        vertical = Conv2d(1, config.VerticalFilters, (l, 1));
        horizontal = new ModuleList<Conv1d>(Enumerable.Range(1, l).Select(h => Conv1d(d, config.HorizontalFilters, h)).ToArray());
        dropout = Dropout(config.Dropout);
        dense = Linear(config.VerticalFilters * d + config.HorizontalFilters * l, d);
        outWeight = Parameter(empty(numItems + 1, d));
        outBias = Parameter(zeros(numItems + 1, 1));
        RegisterComponents();
        using (no_grad())
        {
            init.uniform_(items.weight!, -0.05, 0.05);       // Keras' embedding initialiser
            items.weight![0].zero_();
            foreach (var (name, p) in named_parameters())
                if (name.StartsWith("items") || name.StartsWith("out")) continue;
                else if (p.dim() >= 2) init.xavier_uniform_(p);
                else init.zeros_(p);
            init.xavier_uniform_(outWeight);
            outWeight[0].zero_();
        }
        if (device is not null) this.to(device);
    }

    /// <summary>[W | b]: the output weights [NumItems + 1, d] with the output bias appended as a last column (row 0 = padding).</summary>
    public Tensor OutputEmbeddings => cat(new[] { outWeight, outBias }, 1);

    /// <summary>One state per sequence: [B, 1, d + 1] (the last column is 1) for inputs [B, MaxLength].</summary>
    public Tensor Encode(Tensor inputs)
    {
        if (inputs.shape[1] != Config.MaxLength)
            throw new ArgumentException($"inputs have length {inputs.shape[1]}; Caser needs exactly MaxLength ({Config.MaxLength}) columns", nameof(inputs));
        // the convolutions go through PaddedFilterConvolution: libtorch's CPU convolution gets the input gradient wrong
        // for filter counts that are not a multiple of 16 (see there), which Caser's 4 vertical filters are
        var e = items.forward(inputs);                                              // [B, L, d]
        var v = functional.relu(PaddedFilterConvolution.Conv2d(e.unsqueeze(1), vertical.weight!, vertical.bias)).flatten(1);   // [B, F_v · d]
        var et = e.transpose(1, 2);                                                // [B, d, L]
        var parts = new List<Tensor> { v };
        foreach (var conv in horizontal)
            parts.Add(functional.relu(PaddedFilterConvolution.Conv1d(et, conv.weight!, conv.bias)).amax(new long[] { 2 }));   // [B, F_h]
        var z = functional.relu(dense.forward(dropout.forward(cat(parts, 1))));    // [B, d]
        return cat(new[] { z, ones(z.shape[0], 1, dtype: z.dtype, device: z.device) }, 1).unsqueeze(1);
    }

    /// <summary>Same as <see cref="Encode"/>.</summary>
    public override Tensor forward(Tensor inputs) => Encode(inputs);

    /// <inheritdoc />
    public Tensor ScoreAll(Tensor histories) => Encode(histories).select(1, 0).matmul(OutputEmbeddings.t());
}
