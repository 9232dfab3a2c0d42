namespace SeqRecLab.Evaluation;

/// <summary>Result of a paired t-test on a − b.</summary>
/// <param name="N">Number of pairs.</param>
/// <param name="MeanDifference">Mean of a − b.</param>
/// <param name="T">t statistic = mean / (sd / √n); ±∞ when every difference is the same non-zero value, 0 when all are 0.</param>
/// <param name="DegreesOfFreedom">n − 1.</param>
/// <param name="P">Two-sided p-value.</param>
public sealed record TTestResult(int N, double MeanDifference, double T, int DegreesOfFreedom, double P);

/// <summary>Result of a Wilcoxon signed-rank test on a − b.</summary>
/// <param name="N">Number of non-zero differences (zeros are dropped).</param>
/// <param name="WPlus">Sum of the ranks of positive differences.</param>
/// <param name="WMinus">Sum of the ranks of negative differences.</param>
/// <param name="Statistic">min(W+, W−), as scipy reports for the two-sided test.</param>
/// <param name="Z">Normal-approximation z (with tie and continuity correction); NaN when <paramref name="Exact"/>.</param>
/// <param name="P">Two-sided p-value.</param>
/// <param name="Exact">true when the p-value is from the exact null distribution.</param>
public sealed record WilcoxonResult(int N, double WPlus, double WMinus, double Statistic, double Z, double P, bool Exact);

/// <summary>A bootstrap confidence interval.</summary>
/// <param name="Estimate">The statistic on the original sample (mean, or mean difference).</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Level)
{
    /// <summary>E.g. <c>0.1516 [0.1450, 0.1583] (95%)</c>.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"{Estimate:0.0000} [{Lower:0.0000}, {Upper:0.0000}] ({Level * 100:0.#}%)");
}

/// <summary>
/// Significance tests for comparing two models on the same cases (paired per-user metric values, e.g.
/// <see cref="EvaluationResult.PerUser"/>), Bonferroni correction, and percentile bootstrap intervals.
/// </summary>
public static class Significance
{
    /// <summary>The largest number of non-zero differences for which <see cref="WilcoxonSignedRank"/> uses the exact distribution: 25.</summary>
    public const int WilcoxonExactMaxN = 25;

    /// <summary>
    /// Paired (dependent-samples) t-test of mean(a − b) = 0, two-sided, p from Student t with n − 1 degrees of
    /// freedom (as <c>scipy.stats.ttest_rel</c>). If all differences are equal: p = 1 when they are 0, else p = 0.
    /// </summary>
    /// <param name="a">Per-case values of model A.</param>
    /// <param name="b">Per-case values of model B, aligned with <paramref name="a"/>; at least 2 pairs.</param>
    public static TTestResult PairedTTest(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var d = Differences(a, b, 2);
        int n = d.Length;
        double mean = d.Average();
        double ss = 0;
        foreach (var x in d) ss += (x - mean) * (x - mean);
        double sd = Math.Sqrt(ss / (n - 1));
        if (sd == 0 || sd <= 1e-15 * Math.Abs(mean))
            return mean == 0 ? new TTestResult(n, 0, 0, n - 1, 1) : new TTestResult(n, mean, mean > 0 ? double.PositiveInfinity : double.NegativeInfinity, n - 1, 0);
        double t = mean / (sd / Math.Sqrt(n));
        return new TTestResult(n, mean, t, n - 1, StatFunctions.StudentTTwoSidedP(t, n - 1));
    }

    /// <summary>
    /// Wilcoxon signed-rank test of a − b, two-sided. Zero differences are dropped (Wilcoxon's original rule, scipy's
    /// zero_method="wilcox"); tied |differences| get their average rank. Not scipy's defaults: scipy stays exact up to
    /// n = 50, turns to the normal approximation whenever a zero was dropped, and applies no continuity correction. When at most
    /// <see cref="WilcoxonExactMaxN"/> differences remain, none of them tied, and <paramref name="allowExact"/>, p is
    /// from the exact null distribution (2·P(W ≤ min(W+, W−)), at most 1). Otherwise the normal approximation with
    /// mean n(n+1)/4, variance n(n+1)(2n+1)/24 − Σ(t³ − t)/48 over tie groups of size t, and continuity correction:
    /// z = (T − mean − ½·sign(T − mean)) / sd with T = min(W+, W−). With no non-zero difference, p = 1.
    /// </summary>
    public static WilcoxonResult WilcoxonSignedRank(IReadOnlyList<double> a, IReadOnlyList<double> b, bool allowExact = true)
    {
        var d = Differences(a, b, 1).Where(x => x != 0).ToArray();
        int n = d.Length;
        if (n == 0) return new WilcoxonResult(0, 0, 0, 0, double.NaN, 1, false);

        // average ranks of |d|
        var order = Enumerable.Range(0, n).OrderBy(i => Math.Abs(d[i])).ToArray();
        var rank = new double[n];
        double tieTerm = 0;
        bool anyTies = false;
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && Math.Abs(d[order[j + 1]]) == Math.Abs(d[order[i]])) j++;
            double avg = (i + 1 + j + 1) / 2.0;
            for (int k = i; k <= j; k++) rank[order[k]] = avg;
            int t = j - i + 1;
            if (t > 1) { anyTies = true; tieTerm += (double)t * t * t - t; }
            i = j + 1;
        }
        double wPlus = 0, wMinus = 0;
        for (int i = 0; i < n; i++) if (d[i] > 0) wPlus += rank[i]; else wMinus += rank[i];
        double stat = Math.Min(wPlus, wMinus);

        if (allowExact && n <= WilcoxonExactMaxN && !anyTies)
        {
            // counts[s] = number of subsets of {1..n} with rank sum s (all 2^n sign patterns equally likely)
            int max = n * (n + 1) / 2;
            var counts = new double[max + 1];
            counts[0] = 1;
            for (int r = 1; r <= n; r++)
                for (int s = max; s >= r; s--) counts[s] += counts[s - r];
            double below = 0;
            for (int s = 0; s <= (int)stat; s++) below += counts[s];
            double p = Math.Min(1.0, 2 * below / Math.Pow(2, n));
            return new WilcoxonResult(n, wPlus, wMinus, stat, double.NaN, p, true);
        }

        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1.0) * (2 * n + 1) / 24.0 - tieTerm / 48.0;
        double diff = stat - mean;
        double z = variance > 0 ? (diff - 0.5 * Math.Sign(diff)) / Math.Sqrt(variance) : 0;
        double pNormal = Math.Min(1.0, 2 * StatFunctions.NormalCdf(-Math.Abs(z)));
        return new WilcoxonResult(n, wPlus, wMinus, stat, z, pNormal, false);
    }

    /// <summary>Bonferroni correction: min(1, p · <paramref name="comparisons"/>); p in [0, 1], comparisons ≥ 1.</summary>
    public static double Bonferroni(double p, int comparisons)
    {
        Check.InRange(p, 0.0, 1.0);
        Check.Positive(comparisons);
        return Math.Min(1.0, p * comparisons);
    }

    /// <summary>Bonferroni correction of a family of p-values: each multiplied by the family size, capped at 1.</summary>
    public static double[] Bonferroni(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        Check.Positive(pValues.Count, "pValues.Count");
        return pValues.Select(p => Bonferroni(p, pValues.Count)).ToArray();
    }

    /// <summary>
    /// Percentile bootstrap confidence interval of the mean: <paramref name="resamples"/> resamples of size n drawn
    /// with replacement using <paramref name="random"/>; the bounds are the (1 − level)/2 and (1 + level)/2
    /// quantiles of the resampled means (linear interpolation between order statistics, numpy's default).
    /// </summary>
    /// <param name="values">The sample, at least 1 value.</param>
    /// <param name="resamples">Number of resamples, ≥ 1 (e.g. 1000–10000).</param>
    /// <param name="random">Seeded generator; same seed → same interval.</param>
    /// <param name="level">Confidence level in (0, 1); default 0.95.</param>
    public static ConfidenceInterval BootstrapMean(IReadOnlyList<double> values, int resamples, Random random, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(values);
        Check.Positive(values.Count, "values.Count");
        return Bootstrap(values.ToArray(), resamples, random, level);
    }

    /// <summary>
    /// Percentile bootstrap confidence interval of the paired mean difference mean(a − b): pairs are resampled
    /// together. Other arguments as in <see cref="BootstrapMean"/>.
    /// </summary>
    public static ConfidenceInterval BootstrapPairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b, int resamples,
        Random random, double level = 0.95) =>
        Bootstrap(Differences(a, b, 1), resamples, random, level);

    static ConfidenceInterval Bootstrap(double[] x, int resamples, Random random, double level)
    {
        ArgumentNullException.ThrowIfNull(random);
        Check.Positive(resamples);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, $"{nameof(level)} must be in (0, 1); got {level}");
        int n = x.Length;
        var means = new double[resamples];
        for (int r = 0; r < resamples; r++)
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[random.Next(n)];
            means[r] = s / n;
        }
        Array.Sort(means);
        return new ConfidenceInterval(x.Average(), Quantile(means, (1 - level) / 2), Quantile(means, (1 + level) / 2), level);
    }

    /// <summary>Quantile q of sorted values, linear interpolation at position q·(n − 1).</summary>
    internal static double Quantile(double[] sorted, double q)
    {
        double pos = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(pos);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    static double[] Differences(IReadOnlyList<double> a, IReadOnlyList<double> b, int minCount)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
            throw new ArgumentException($"{nameof(a)} and {nameof(b)} must be paired (same length); got {a.Count} and {b.Count}", nameof(b));
        if (a.Count < minCount)
            throw new ArgumentOutOfRangeException(nameof(a), a.Count, $"{nameof(a)} must hold ≥ {minCount} pairs; got {a.Count}");
        var d = new double[a.Count];
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = a[i] - b[i];
            if (double.IsNaN(d[i])) throw new ArgumentException($"pair {i} has a NaN value", nameof(a));
        }
        return d;
    }
}
