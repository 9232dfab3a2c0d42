using SeqRecLab.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// Binary cross-entropy with <c>k</c> negatives per position (SASRec uses k = 1): negatives are drawn uniformly
/// with replacement from all items 1..N, independently for every position (so one may equal the positive, as in the
/// gSASRec authors' code; the thesis's aprec SASRec redraws such a negative, and Kang &amp; McAuley's sampler skips every
/// item of the user's sequence). Per position the loss averages the 1 + k binary terms; positions without a target
/// are masked out; the result is the mean over target positions.
/// </summary>
public sealed class SampledBceLoss : ISequenceLoss
{
    /// <summary>Negatives per positive.</summary>
    public int Negatives { get; }

    /// <summary>Creates the loss with <paramref name="negatives"/> negatives per position; needs 1 ≤ k &lt; number of items.</summary>
    public SampledBceLoss(int numItems, int negatives = 1)
    {
        Check.Positive(numItems);
        Negatives = Check.InRange(negatives, 1, numItems - 1, "negatives");
    }

    /// <inheritdoc />
    public string Name => $"BCE (k={Negatives})";

    /// <inheritdoc />
    public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        var (logits, mask) = SampledLogits.Compute(model, hidden, batch, Negatives);   // [B, L, 1+k], [B, L]
        var labels = zeros_like(logits);
        labels[.., .., 0] = 1;
        var perPosition = F.binary_cross_entropy_with_logits(logits, labels, reduction: nn.Reduction.None).mean(new long[] { -1 });
        return (perPosition * mask).sum() / mask.sum().clamp_min(1);
    }
}
