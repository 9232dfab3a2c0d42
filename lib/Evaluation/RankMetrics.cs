namespace SeqRecLab.Evaluation;

/// <summary>Where the target lands among items that got exactly its score.</summary>
public enum TieRule
{
    /// <summary>
    /// Default. The expected metric under a uniformly random order of the tied items: with <c>g</c> items scored
    /// strictly higher and <c>t</c> tied, the rank is uniform on <c>g+1 … g+t+1</c>, and the metric is the mean over
    /// those <c>t+1</c> ranks. It does not depend on how a sort happens to break ties.
    /// </summary>
    Expected,
    /// <summary>The target goes before all tied items: rank <c>g+1</c>.</summary>
    Optimistic,
    /// <summary>The target goes after all tied items: rank <c>g+t+1</c>.</summary>
    Pessimistic,
}

/// <summary>
/// Single-target ranking metrics computed from (<c>greater</c>, <c>ties</c>) = the number of competing items scored
/// strictly higher than the target and the number scored exactly equal. With the target at 1-based rank p:
/// HR@K = Recall@K = 1[p ≤ K]; NDCG@K = 1/log2(p+1) if p ≤ K else 0 (IDCG = 1); MRR = 1/p (over the whole
/// ranking, no cut-off). Ties follow <see cref="TieRule"/>.
/// </summary>
public static class RankMetrics
{
    /// <summary>HR@K (= Recall@K with one target) under <paramref name="rule"/>; <paramref name="k"/> ≥ 1.</summary>
    public static double HitRate(long greater, long ties, int k, TieRule rule = TieRule.Expected)
    {
        CheckCounts(greater, ties);
        Check.Positive(k);
        switch (rule)
        {
            case TieRule.Optimistic: return greater + 1 <= k ? 1 : 0;
            case TieRule.Pessimistic: return greater + ties + 1 <= k ? 1 : 0;
            default:
                // ranks g+1..g+t+1 that are ≤ K: max(0, min(K, g+t+1) - g)
                long inside = Math.Max(0, Math.Min(k, greater + ties + 1) - greater);
                return (double)inside / (ties + 1);
        }
    }

    /// <summary>NDCG@K for one relevant item under <paramref name="rule"/>; <paramref name="k"/> ≥ 1.</summary>
    public static double Ndcg(long greater, long ties, int k, TieRule rule = TieRule.Expected)
    {
        CheckCounts(greater, ties);
        Check.Positive(k);
        switch (rule)
        {
            case TieRule.Optimistic: return Gain(greater + 1, k);
            case TieRule.Pessimistic: return Gain(greater + ties + 1, k);
            default:
                double sum = 0;
                long last = Math.Min(k, greater + ties + 1);
                for (long r = greater + 1; r <= last; r++) sum += 1.0 / Math.Log2(r + 1);
                return sum / (ties + 1);
        }
    }

    /// <summary>Reciprocal rank 1/p under <paramref name="rule"/>; the expected value is (H(g+t+1) − H(g))/(t+1), H = harmonic number.</summary>
    public static double ReciprocalRank(long greater, long ties, TieRule rule = TieRule.Expected)
    {
        CheckCounts(greater, ties);
        return rule switch
        {
            TieRule.Optimistic => 1.0 / (greater + 1),
            TieRule.Pessimistic => 1.0 / (greater + ties + 1),
            _ => ties == 0 ? 1.0 / (greater + 1) : (Harmonic(greater + ties + 1) - Harmonic(greater)) / (ties + 1),
        };
    }

    static double Gain(long rank, int k) => rank <= k ? 1.0 / Math.Log2(rank + 1) : 0.0;

    static void CheckCounts(long greater, long ties)
    {
        if (greater < 0) throw new ArgumentOutOfRangeException(nameof(greater), greater, $"{nameof(greater)} must be ≥ 0; got {greater}");
        if (ties < 0) throw new ArgumentOutOfRangeException(nameof(ties), ties, $"{nameof(ties)} must be ≥ 0; got {ties}");
    }

    /// <summary>The harmonic number H(n) = Σ_{r=1..n} 1/r (H(0) = 0): summed exactly up to 256, else by its asymptotic series (error &lt; 1e-15).</summary>
    internal static double Harmonic(long n)
    {
        if (n <= 256)
        {
            double s = 0;
            for (long r = n; r >= 1; r--) s += 1.0 / r;
            return s;
        }
        double x = n, x2 = x * x;
        const double EulerGamma = 0.57721566490153286061;
        return Math.Log(x) + EulerGamma + 1 / (2 * x) - 1 / (12 * x2) + 1 / (120 * x2 * x2) - 1 / (252 * x2 * x2 * x2);
    }
}
