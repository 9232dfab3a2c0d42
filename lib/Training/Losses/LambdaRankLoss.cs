using SeqRecLab.Models;
using static TorchSharp.torch;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// LambdaRank (λRank, thesis Eq. 4.12) over the whole catalogue from the last position, as the thesis' RSS models use
/// it: λ-gradients instead of the gradient of an objective, normalised as in LightGBM's lambdarank, with the
/// authors' truncation. Per sample (scores s over items 1…N, labels y ∈ {0,1} from the target set):
/// <list type="number">
/// <item>Only the top K = min(<see cref="TruncateAt"/>, N) items by score take part (the rest get λ = 0).
/// Ranks r = 0…K−1 in score order; discount D(r) = 1/log₂(r + 2); gain g = 2^y − 1;
/// IDCG = Σ_{r &lt; m} D(r)·(the m largest y among the top K, descending), m = min(<see cref="NdcgAt"/>, K).</item>
/// <item>Pairs (i, j) with i in the top K and j in the top m: ΔNDCG_ij = (g_i − g_j)·|D(i) − D(j)| / IDCG
/// (0 when IDCG = 0), S_ij = sign(g_i − g_j), Δs_ij = (s_i − s_j)·S_ij.</item>
/// <item>LightGBM normalisation: ΔNDCG_ij /= |Δs_ij| + 0.01, unless all K scores are equal.</item>
/// <item>λ_ij = ΔNDCG_ij · (−σ / (1 + e^{σ Δs_ij})).</item>
/// <item>λ_i = Σ_j λ_ij for i ≥ m; for the top m, λ_j = −Σ_i λ_ij (column sums), so each pair pushes both items.</item>
/// <item>LightGBM rescale: λ ← λ · log₂(1 + Σ|λ|) / Σ|λ| (0 when Σ|λ| = 0).</item>
/// </list>
/// λ is the gradient of the loss with respect to the score (negative for a target ranked below non-targets, so a
/// descent step raises it), summed over the batch (not averaged), as the authors' custom gradient is.
/// With automatic differentiation the surrogate Σ s·stopgrad(λ) carries the gradient.
/// </summary>
/// <remarks>
/// The value returned by <see cref="Compute"/> is 1 − NDCG@m of the batch's target sets in the current top K
/// (a detached, meaningful number for learning curves) plus the surrogate minus itself (0, but carrying the
/// λ-gradient). The authors' loss value is a dummy (mean |s|); use validation metrics for model selection either way.
/// Memory: B·K·m floats per temporary (128·4000·50 ≈ 100 MB in float32).
/// </remarks>
public sealed class LambdaRankLoss : ISequenceLoss
{
    /// <summary>K: only the top-K items by predicted score take part (authors: 4000).</summary>
    public int TruncateAt { get; }

    /// <summary>m: the NDCG cut-off whose swaps are counted (authors: 50).</summary>
    public int NdcgAt { get; }

    /// <summary>σ, the shape of the pairwise sigmoid (authors: 1).</summary>
    public double Sigma { get; }

    /// <summary>Whether the LightGBM normalisations (steps 3 and 6) apply (authors: true).</summary>
    public bool Normalize { get; }

    /// <summary>Creates the loss; defaults are the authors' settings (K = 4000, m = 50, σ = 1, LightGBM normalisation).</summary>
    public LambdaRankLoss(int truncateAt = 4000, int ndcgAt = 50, double sigma = 1.0, bool normalize = true)
    {
        TruncateAt = Check.Positive(truncateAt);
        NdcgAt = Check.InRange(ndcgAt, 1, truncateAt, nameof(ndcgAt));
        Sigma = Check.Positive(sigma);
        Normalize = normalize;
    }

    /// <inheritdoc />
    public string Name => "λRank";

    /// <inheritdoc />
    public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        var (scores, labels) = LastPositionTargets.Compute(model, hidden, batch);
        var (lambdas, ndcg) = LambdasAndNdcg(scores.detach(), labels);     // no graph: scores are detached
        var surrogate = (scores * lambdas).sum();
        return surrogate - surrogate.detach() + (1 - ndcg.mean());
    }

    /// <summary>
    /// The λ-gradients [B, N] for scores [B, N] and labels [B, N] (1 = target); see the class summary for the formula.
    /// </summary>
    public Tensor Lambdas(Tensor scores, Tensor labels) => LambdasAndNdcg(scores, labels).Lambdas;

    (Tensor Lambdas, Tensor Ndcg) LambdasAndNdcg(Tensor scores, Tensor labels)
    {
        if (scores.ndim != 2 || !scores.shape.SequenceEqual(labels.shape))
            throw new ArgumentException($"scores [{string.Join(", ", scores.shape)}] and labels [{string.Join(", ", labels.shape)}] must both be [B, N]", nameof(labels));
        long n = scores.shape[1];
        long k = Math.Min(TruncateAt, n), m = Math.Min(NdcgAt, k);
        var (top, index) = scores.topk((int)k, dim: 1);                                // [B, K], descending
        var y = labels.to(scores.dtype).gather(1, index);
        var discount = 1.0 / (arange(k, dtype: scores.dtype, device: scores.device) + 2).log2();   // [K]
        var discountTop = discount.narrow(0, 0, m);
        var idcg = (y.topk((int)m, dim: 1).values * discountTop).sum(1);              // [B]
        var invIdcg = where(idcg.gt(0), 1.0 / idcg.clamp_min(1e-30), zeros_like(idcg));
        var ndcg = (y.narrow(1, 0, m) * discountTop).sum(1) * invIdcg;                // gains 2^y − 1 = y for y ∈ {0,1}

        // [B, K, m] work in place: three buffers instead of one per step
        var gain = pow(2.0, y) - 1;
        var delta = gain.unsqueeze(2) - gain.narrow(1, 0, m).unsqueeze(1);           // g_i − g_j
        var scoreDiff = (top.unsqueeze(2) - top.narrow(1, 0, m).unsqueeze(1)).mul_(delta.sign());
        var swap = (discount.unsqueeze(1) - discountTop.unsqueeze(0)).abs_();          // [K, m]
        delta.mul_(swap).mul_(invIdcg.view(-1, 1, 1));                                 // ΔNDCG
        if (Normalize)
        {
            var flat = top.select(1, 0).eq(top.select(1, k - 1)).view(-1, 1, 1);       // all K scores equal
            delta.div_(scoreDiff.abs().add_(0.01).masked_fill_(flat, 1.0));
        }
        var lambda = scoreDiff.mul_(Sigma).exp_().add_(1).reciprocal_().mul_(-Sigma).mul_(delta);   // [B, K, m]
        var rows = lambda.sum(2);                                                      // [B, K]
        var topMask = arange(k, device: scores.device).ge(m).to(scores.dtype);         // rows of the top m are replaced
        var columns = nn.functional.pad(-lambda.sum(1), new long[] { 0, k - m });      // [B, K]
        var perItem = rows * topMask + columns;
        if (Normalize)
        {
            var total = perItem.abs().sum(1, keepdim: true);
            perItem = perItem * where(total.gt(0), (total + 1).log2() / total.clamp_min(1e-30), zeros_like(total));
        }
        return (zeros_like(scores).scatter_(1, index, perItem), ndcg);
    }
}
