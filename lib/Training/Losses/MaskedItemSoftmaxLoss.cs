using SeqRecLab.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// BERT4Rec's loss: full-softmax cross-entropy over items 1..N at the positions that have a target (the masked ones),
/// averaged over those positions (HuggingFace's masked-LM loss with labels −100 elsewhere). Logit of item i =
/// <c>hidden · OutputEmbeddings[i] + OutputBias[i]</c>, the bias only when the model implements <see cref="IOutputBias"/>.
/// </summary>
/// <remarks>
/// <para>Logits are computed only where they count, never at all B·L positions. Without <c>maxTargetsPerSequence</c>
/// (default) exactly the target positions are gathered: the fewest logits (best on CPU and for short sequences, e.g.
/// Beauty's ≈ 2 masks per sequence), at the price of one device→host sync per step for the number of targets. With
/// <c>maxTargetsPerSequence</c> = P, P positions per sequence are taken (those holding the targets first, by a top-k on
/// the device), so the shapes are fixed and nothing is synchronised (for GPUs). Every sequence must then have at most P
/// targets — <see cref="MaskedItemSampler"/> guarantees this for P = its <c>MaxPredictions</c>; further targets would be
/// ignored. Both give the same value.</para>
/// <para>Deviation: the softmax runs over the items only. Sun et al.'s and the thesis's code also put the padding and
/// mask tokens in the softmax (the whole vocabulary); those never are targets, and the model learns to give them low
/// scores, so leaving them out changes the loss only by their (vanishing) probability mass.</para>
/// </remarks>
public sealed class MaskedItemSoftmaxLoss : ISequenceLoss
{
    /// <summary>Positions scored per sequence (null = exactly the target positions).</summary>
    public int? MaxTargetsPerSequence { get; }

    /// <summary>Creates the loss; <paramref name="maxTargetsPerSequence"/> ≥ 1 or null (see remarks).</summary>
    public MaskedItemSoftmaxLoss(int? maxTargetsPerSequence = null)
    {
        if (maxTargetsPerSequence is int p) Check.Positive(p, nameof(maxTargetsPerSequence));
        MaxTargetsPerSequence = maxTargetsPerSequence;
    }

    /// <summary>
    /// The loss suited to <paramref name="device"/>: on CUDA the fixed-shape path with <paramref name="maxPredictions"/>
    /// positions per sequence (no host sync per step; pass the sampler's <c>MaxPredictions</c>), elsewhere the exact
    /// gather of the target positions (fewest logits). Both give the same value.
    /// </summary>
    public static MaskedItemSoftmaxLoss ForDevice(Device device, int maxPredictions) =>
        new(device.type == TorchSharp.DeviceType.CUDA ? Check.Positive(maxPredictions) : null);

    /// <inheritdoc />
    public string Name => "Softmax CE (masked items)";

    /// <inheritdoc />
    public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        var targets = batch.Targets;
        var h = hidden;
        long b = hidden.shape[0], l = hidden.shape[1], d = hidden.shape[2];
        if (MaxTargetsPerSequence is int p)
        {
            if (p < l)
            {
                var positions = targets.ne(0).to(ScalarType.Float32).topk(p, dim: 1).indexes;   // [B, P]: all target positions first
                targets = targets.gather(1, positions);
                h = hidden.gather(1, positions.unsqueeze(-1).expand(b, p, d));
            }
            targets = targets.reshape(-1);
            h = h.reshape(-1, d);
        }
        else
        {
            var rows = targets.reshape(-1).ne(0).nonzero().squeeze(1);                        // the target positions (syncs)
            targets = targets.reshape(-1).index_select(0, rows);
            h = hidden.reshape(-1, d).index_select(0, rows);
        }
        return SoftmaxLoss.CrossEntropy(model, h, targets);
    }
}
