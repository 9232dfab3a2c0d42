namespace SeqRecLab.Analysis;

/// <summary>
/// Closed forms of Theorem 5.5.1 (Petrov thesis, ch. 5): the scores a model trained with gBCE on uniformly sampled
/// negatives converges to, as predicted probabilities σ(s_i), for a true next-item probability P(i).
/// </summary>
public static class GbceTheory
{
    /// <summary>
    /// Eq. 5.11: σ(s) = βP / (α − αP + βP), negatives drawn uniformly from the N − 1 items other than the positive
    /// (the theorem's assumption), α = k / (N − 1). β = 1 is plain BCE (overconfident for small α); β = α gives σ = P.
    /// P = 0 gives 0; P = 1 gives 1.
    /// </summary>
    /// <param name="p">True probability P(i) ∈ [0, 1].</param>
    /// <param name="alpha">Sampling rate α ∈ (0, 1].</param>
    /// <param name="beta">Positive-term power β ∈ (0, 1].</param>
    public static double FixedPoint(double p, double alpha, double beta)
    {
        Check.InRange(p, 0.0, 1.0);
        Check.InRange(alpha, double.Epsilon, 1.0);
        Check.InRange(beta, double.Epsilon, 1.0);
        return beta * p / (alpha - alpha * p + beta * p);
    }

    /// <summary>
    /// The fixed point when negatives are drawn uniformly from all N items (a negative may equal the positive), as
    /// the authors' code and <see cref="Training.Losses.SampledLogits"/> do: σ(s) = βP / (βP + k/N).
    /// At t = 1 (β = α = k/(N − 1)) this is P / (P + 1 − 1/N), slightly below P.
    /// </summary>
    /// <param name="p">True probability P(i) ∈ [0, 1].</param>
    /// <param name="negatives">k ≥ 1.</param>
    /// <param name="numItems">N ≥ 2.</param>
    /// <param name="beta">β ∈ (0, 1].</param>
    public static double FixedPointAllItems(double p, int negatives, int numItems, double beta)
    {
        Check.InRange(p, 0.0, 1.0);
        Check.Positive(negatives);
        Check.InRange(numItems, 2, int.MaxValue);
        Check.InRange(beta, double.Epsilon, 1.0);
        return beta * p / (beta * p + negatives / (double)numItems);
    }

    /// <summary>
    /// P(i) ∝ i^(−<paramref name="exponent"/>) for i = 1..<paramref name="numItems"/>, normalised to sum 1
    /// (element 0 is item 1, the most likely). The thesis' theory check uses exponent 1.2 over 1,000 items.
    /// </summary>
    /// <param name="numItems">N ≥ 2.</param>
    /// <param name="exponent">s ≥ 0 (0 = uniform).</param>
    public static double[] Zipf(int numItems, double exponent)
    {
        Check.InRange(numItems, 2, int.MaxValue);
        Check.InRange(exponent, 0.0, 100.0);
        var w = Enumerable.Range(1, numItems).Select(i => Math.Pow(i, -exponent)).ToArray();
        double z = w.Sum();
        return w.Select(x => x / z).ToArray();
    }
}
