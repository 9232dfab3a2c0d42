namespace SeqRecLab.Evaluation;

/// <summary>Correlation between two metrics over the same runs, e.g. ECE against NDCG@10 over a sweep (thesis Fig. 5.10).</summary>
public static class Correlation
{
    /// <summary>
    /// Pearson's r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²), in [−1, 1]. Needs two equally long lists of at least
    /// two values each; NaN when either list is constant (r is undefined there).
    /// </summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values and y has {y.Count}; they must match", nameof(y));
        if (x.Count < 2) throw new ArgumentException($"Pearson's r needs at least 2 pairs; got {x.Count}", nameof(x));
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }
}
