using SeqRecLab.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// Generalised binary cross-entropy (gBCE, Petrov &amp; Macdonald, RecSys 2023; thesis ch. 5, Eq. 5.9): BCE with
/// <c>k</c> uniformly sampled negatives per position in which the positive's sigmoid is raised to the power β,
/// <c>−(β·log σ(s⁺) + Σⱼ log(1 − σ(s⁻ⱼ))) / (k + 1)</c>, averaged over the positions that have a target.
/// β = t(α − 1) + 1 with the sampling rate α = k / (N − 1): t = 0 is plain BCE (SASRec with k = 1),
/// t = 1 gives β = α, the calibrated case of Theorem 5.5.1.
/// </summary>
/// <remarks>
/// <para>Numerics: every term is computed by libtorch's BCE-with-logits in log space (β·log σ(s) = −β·softplus(−s)),
/// weighted by β on the positive column only, so it is stable in float32 for any score and any β ∈ (0, 1]; nothing
/// large is exponentiated. This equals the authors' float64 transform of the positive logit (Theorem 5.5.2) without
/// its clamps, which zero the gradient once σ(s⁺) &gt; 1 − 10⁻¹⁰.</para>
/// <para>Negatives: uniform with replacement over all items 1..N, independently per position (so one may equal the
/// positive, as in the authors' code; see <see cref="SampledLogits"/>). With the same torch seed the negatives are
/// the ones <see cref="SampledBceLoss"/> draws, and with t = 0 and <see cref="SampledLogitsPath.Gather"/> the loss
/// equals <see cref="SampledBceLoss"/>'s exactly.</para>
/// </remarks>
public sealed class GbceLoss : ISequenceLoss
{
    /// <summary>Negatives per positive, k.</summary>
    public int Negatives { get; }

    /// <summary>Calibration parameter t ∈ [0, 1].</summary>
    public double T { get; }

    /// <summary>Number of items N (without padding).</summary>
    public int NumItems { get; }

    /// <summary>Negative sampling rate α = k / (N − 1).</summary>
    public double Alpha { get; }

    /// <summary>Power of the positive sigmoid, β = t(α − 1) + 1.</summary>
    public double Beta { get; }

    /// <summary>How the k + 1 logits per position are computed (default <see cref="SampledLogitsPath.Auto"/>).</summary>
    public SampledLogitsPath Path { get; }

    /// <summary>
    /// Creates gBCE for items 1..<paramref name="numItems"/> with <paramref name="negatives"/> negatives per position
    /// and calibration <paramref name="t"/>.
    /// </summary>
    /// <param name="numItems">N ≥ 2.</param>
    /// <param name="negatives">k, 1 ≤ k ≤ N − 1 (thesis: 256 on ML-1M).</param>
    /// <param name="t">t ∈ [0, 1] (thesis: 0.75 on ML-1M; 0 = BCE; 1 = calibrated).</param>
    /// <param name="path">Logit computation; all paths give the same values up to float rounding.</param>
    public GbceLoss(int numItems, int negatives, double t, SampledLogitsPath path = SampledLogitsPath.Auto)
    {
        NumItems = Check.InRange(numItems, 2, int.MaxValue);
        Negatives = Check.InRange(negatives, 1, numItems - 1);
        T = Check.InRange(t, 0.0, 1.0);
        Alpha = SamplingRate(numItems, negatives);
        Beta = BetaFor(Alpha, t);
        Path = path;
    }

    /// <inheritdoc />
    public string Name => $"gBCE (k={Negatives}, t={T.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <summary>α = k / (N − 1): the share of the N − 1 non-positive items drawn as negatives (Theorem 5.5.1).</summary>
    /// <param name="numItems">N ≥ 2 (padding not counted).</param>
    /// <param name="negatives">k ≥ 1.</param>
    public static double SamplingRate(int numItems, int negatives)
    {
        Check.InRange(numItems, 2, int.MaxValue);
        Check.Positive(negatives);
        return negatives / (double)(numItems - 1);
    }

    /// <summary>β = t(α − 1) + 1 (Eq. 5.28): 1 at t = 0, α at t = 1, linear between.</summary>
    /// <param name="alpha">Sampling rate α ∈ (0, 1].</param>
    /// <param name="t">Calibration t ∈ [0, 1].</param>
    public static double BetaFor(double alpha, double t)
    {
        Check.InRange(alpha, double.Epsilon, 1.0);
        Check.InRange(t, 0.0, 1.0);
        return t * (alpha - 1) + 1;
    }

    /// <inheritdoc />
    public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        if (model.NumItems != NumItems)
            throw new ArgumentException($"model.NumItems ({model.NumItems}) differs from the loss's NumItems ({NumItems})", nameof(model));
        var (logits, mask) = SampledLogits.Compute(model, hidden, batch, Negatives, Path);
        return FromLogits(logits, mask, Beta);
    }

    /// <summary>
    /// gBCE from given logits: <paramref name="logits"/> [..., 1 + k] with the positive in column 0, and a float
    /// <paramref name="mask"/> of the leading shape (1 = the position counts, 0 = ignored). Per position
    /// <c>(β·softplus(−s⁺) + Σⱼ softplus(s⁻ⱼ)) / (k + 1)</c>; returns the mean over positions weighted by the mask
    /// (0 when the mask is all zero).
    /// </summary>
    /// <param name="logits">Scores, float32 or float64, last dimension 1 + k ≥ 2.</param>
    /// <param name="mask">Position weights, shape = logits.shape without the last dimension.</param>
    /// <param name="beta">β ∈ (0, 1]; 1 gives plain BCE.</param>
    public static Tensor FromLogits(Tensor logits, Tensor mask, double beta)
    {
        Check.InRange(beta, double.Epsilon, 1.0);
        if (logits.ndim < 1 || logits.shape[^1] < 2)
            throw new ArgumentException($"logits must end with a dimension 1 + k ≥ 2; got shape [{string.Join(", ", logits.shape)}]", nameof(logits));
        var labels = zeros_like(logits);
        labels[TensorIndex.Ellipsis, 0] = 1;
        var weight = ones(logits.shape[^1], dtype: logits.dtype, device: logits.device);
        weight[0].fill_(beta);
        var perPosition = F.binary_cross_entropy_with_logits(logits, labels, weight, reduction: nn.Reduction.None).mean(new long[] { -1 });
        return (perPosition * mask).sum() / mask.sum().clamp_min(1);
    }
}
