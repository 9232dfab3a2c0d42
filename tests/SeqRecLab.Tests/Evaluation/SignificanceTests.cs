using SeqRecLab.Evaluation;

namespace SeqRecLab.Tests.Evaluation;

// Reference values marked "mpmath" were computed with mpmath 1.3 at 30 digits (betainc(..., regularized=True),
// ncdf, loggamma) — an independent arbitrary-precision implementation; the others are closed forms or tables.
public class SignificanceTests
{
    [Fact]
    public void Log_gamma_matches_known_values()
    {
        Assert.Equal(0.5 * Math.Log(Math.PI), StatFunctions.LogGamma(0.5), 13); // Γ(1/2) = √π
        Assert.Equal(Math.Log(362880), StatFunctions.LogGamma(10), 12);        // Γ(10) = 9!
        Assert.Equal(2.252712651734206, StatFunctions.LogGamma(0.1), 12);      // mpmath
        Assert.Equal(361.4355404677776, StatFunctions.LogGamma(100.5), 10);    // mpmath
    }

    [Fact]
    public void Incomplete_beta_matches_closed_forms_and_references()
    {
        Assert.Equal(Math.Pow(0.3, 2.5), StatFunctions.RegularizedIncompleteBeta(0.3, 2.5, 1), 14);      // I_x(a,1) = x^a
        Assert.Equal(1 - Math.Pow(0.6, 3.5), StatFunctions.RegularizedIncompleteBeta(0.4, 1, 3.5), 14); // I_x(1,b) = 1−(1−x)^b
        Assert.Equal(0.5, StatFunctions.RegularizedIncompleteBeta(0.5, 3, 3), 14);                      // symmetry
        Assert.Equal(0.352197585906767, StatFunctions.RegularizedIncompleteBeta(0.3, 2.5, 4), 13);      // mpmath
        Assert.Equal(0.999999978070216, StatFunctions.RegularizedIncompleteBeta(0.9, 0.5, 7), 13);      // mpmath
        Assert.Equal(0.0, StatFunctions.RegularizedIncompleteBeta(0, 2, 3));
        Assert.Equal(1.0, StatFunctions.RegularizedIncompleteBeta(1, 2, 3));
        Assert.Equal("x", Assert.Throws<ArgumentOutOfRangeException>(() => StatFunctions.RegularizedIncompleteBeta(1.5, 2, 3)).ParamName);
    }

    [Fact]
    public void Normal_cdf_matches_tables()
    {
        Assert.Equal(0.5, StatFunctions.NormalCdf(0), 15);
        Assert.Equal(0.975002104851780, StatFunctions.NormalCdf(1.96), 13);
        Assert.Equal(0.00134989803163009, StatFunctions.NormalCdf(-3), 15);
        Assert.Equal(1.0, StatFunctions.NormalCdf(double.PositiveInfinity));
        Assert.Equal(0.0, StatFunctions.NormalCdf(double.NegativeInfinity));
        Assert.Equal(1 - 0.00134989803163009, StatFunctions.NormalCdf(3), 14);
    }

    [Fact]
    public void Student_t_cdf_matches_closed_forms_and_tables()
    {
        // df = 1 (Cauchy): F(t) = 1/2 + atan(t)/π → F(1) = 3/4
        Assert.Equal(0.75, StatFunctions.StudentTCdf(1, 1), 14);
        Assert.Equal(0.5 - Math.Atan(2) / Math.PI, StatFunctions.StudentTCdf(-2, 1), 14);
        // df = 2: F(t) = 1/2 + t / (2√(t²+2)) → F(2) = 1/2 + 1/√6
        Assert.Equal(0.5 + 1 / Math.Sqrt(6), StatFunctions.StudentTCdf(2, 2), 14);
        // df = 4: P(|T| > t) = 1 − (t/√(t²+4))(1 + 2/(t²+4)) → t = 3: 1 − (3/√13)(15/13) = 0.039941968071719
        Assert.Equal(1 - 3 / Math.Sqrt(13) * 15 / 13, StatFunctions.StudentTTwoSidedP(3, 4), 14);
        // table: t(0.975, 10) = 2.228138852 → two-sided p = 0.05
        Assert.Equal(0.05, StatFunctions.StudentTTwoSidedP(2.228138852, 10), 9);
        Assert.Equal(0.0720329645643230, StatFunctions.StudentTCdf(-1.5, 30), 13); // mpmath
        Assert.Equal(1.0, StatFunctions.StudentTCdf(double.PositiveInfinity, 3));
    }

    [Fact]
    public void Paired_t_test_matches_hand_computation()
    {
        // d = a − b = [1, 2, 6]: mean 3, s² = (4 + 1 + 9)/2 = 7, t = 3 / √(7/3) = √(27/7) = 1.96396, df = 2,
        // p = 1 − t/√(t²+2) = 1 − √(27/41) = 0.188497 (closed form for df = 2)
        var r = Significance.PairedTTest([2.0, 3, 9], [1.0, 1, 3]);
        Assert.Equal(3, r.N);
        Assert.Equal(3.0, r.MeanDifference, 14);
        Assert.Equal(Math.Sqrt(27.0 / 7), r.T, 13);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(1 - Math.Sqrt(27.0 / 41), r.P, 13);
        // scipy.stats.ttest_rel(a, b) for these 6 pairs: t = 2.48352233967783, p = 0.0556005327173169 (mpmath)
        var s = Significance.PairedTTest([0.5, 0.3, 0.9, 0.1, 0.7, 0.4], [0.2, 0.4, 0.5, 0.1, 0.3, 0.1]);
        Assert.Equal(2.48352233967783, s.T, 12);
        Assert.Equal(0.0556005327173169, s.P, 12);
        // swapping the models flips t, keeps p
        var swapped = Significance.PairedTTest([0.2, 0.4, 0.5, 0.1, 0.3, 0.1], [0.5, 0.3, 0.9, 0.1, 0.7, 0.4]);
        Assert.Equal(-s.T, swapped.T, 12);
        Assert.Equal(s.P, swapped.P, 14);
    }

    [Fact]
    public void Paired_t_test_degenerate_cases()
    {
        Assert.Equal(1.0, Significance.PairedTTest([1.0, 2], [1.0, 2]).P);      // identical models
        var r = Significance.PairedTTest([2.0, 3], [1.0, 2]);                  // every difference is +1
        Assert.Equal(0.0, r.P);
        Assert.Equal(double.PositiveInfinity, r.T);
        Assert.Throws<ArgumentException>(() => Significance.PairedTTest([1.0, 2], [1.0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => Significance.PairedTTest([1.0], [1.0]));
    }

    [Fact]
    public void Wilcoxon_exact_small_samples()
    {
        // d = [1, 2, −3, 4, 5] (plus two zero pairs, dropped): ranks 1..5, W+ = 12, W− = 3.
        // Null: 2^5 = 32 equally likely sign patterns; subsets of {1..5} with sum ≤ 3: {}, {1}, {2}, {3}, {1,2} → 5.
        // p = 2 · 5/32 = 0.3125 (checked by enumerating the 32 patterns; scipy would switch to its normal
        // approximation here because zeros were dropped, and print 0.2249)
        var r = Significance.WilcoxonSignedRank([1.0, 2, 0, 4, 5, 7, 9], [0.0, 0, 3, 0, 0, 7, 9]);
        Assert.True(r.Exact);
        Assert.Equal(5, r.N);
        Assert.Equal(12.0, r.WPlus);
        Assert.Equal(3.0, r.WMinus);
        Assert.Equal(3.0, r.Statistic);
        Assert.Equal(0.3125, r.P, 15);
        // all 6 differences positive: p = 2 · 1/64 = 0.03125
        Assert.Equal(0.03125, Significance.WilcoxonSignedRank([1.0, 2, 3, 4, 5, 6], [0.0, 0, 0, 0, 0, 0]).P, 15);
    }

    [Fact]
    public void Wilcoxon_normal_approximation_with_ties_and_continuity_correction()
    {
        // d = [1, 2, 2, −3, 4, 5]: |d| ranks 1, 2.5, 2.5, 4, 5, 6 (one tie group of size 2) → W+ = 17, W− = 4.
        // mean = 6·7/4 = 10.5; var = 6·7·13/24 − (2³ − 2)/48 = 22.75 − 0.125 = 22.625
        // z = (4 − 10.5 + 0.5)/√22.625 = −1.26141199494633; p = 2Φ(z) = 0.207160448911461 (mpmath)
        var r = Significance.WilcoxonSignedRank([1.0, 2, 2, 0, 4, 5], [0.0, 0, 0, 3, 0, 0]);
        Assert.False(r.Exact);
        Assert.Equal(17.0, r.WPlus);
        Assert.Equal(4.0, r.WMinus);
        Assert.Equal(-1.26141199494633, r.Z, 13);
        Assert.Equal(0.207160448911461, r.P, 13);
        // the exact example above, forced to the normal approximation:
        // var = 5·6·11/24 = 13.75, z = (3 − 7.5 + 0.5)/√13.75 = −1.07872, p = 0.280712665268496 (mpmath)
        var n = Significance.WilcoxonSignedRank([1.0, 2, 0, 4, 5], [0.0, 0, 3, 0, 0], allowExact: false);
        Assert.Equal(0.280712665268496, n.P, 13);
        // no non-zero difference → p = 1
        Assert.Equal(1.0, Significance.WilcoxonSignedRank([1.0, 2], [1.0, 2]).P);
    }

    [Fact]
    public void Bonferroni_multiplies_and_caps()
    {
        Assert.Equal(0.03, Significance.Bonferroni(0.01, 3), 15);
        Assert.Equal(1.0, Significance.Bonferroni(0.5, 3));
        Assert.Equal([0.02, 1.0], Significance.Bonferroni([0.01, 0.7]));
        Assert.Equal("comparisons", Assert.Throws<ArgumentOutOfRangeException>(() => Significance.Bonferroni(0.1, 0)).ParamName);
    }

    [Fact]
    public void Quantile_interpolates_linearly()
    {
        double[] s = [1, 2, 3, 4, 5];
        Assert.Equal(2.0, Significance.Quantile(s, 0.25), 15); // position 0.25·4 = 1
        Assert.Equal(1.4, Significance.Quantile(s, 0.1), 15);  // position 0.4 → 1 + 0.4·(2 − 1)
        Assert.Equal(5.0, Significance.Quantile(s, 1.0));
    }

    [Fact]
    public void Bootstrap_is_deterministic_and_close_to_the_normal_interval()
    {
        var rng = new Random(21);
        var hits = Enumerable.Range(0, 2000).Select(_ => rng.NextDouble() < 0.3 ? 1.0 : 0.0).ToArray();
        var a = Significance.BootstrapMean(hits, 2000, new Random(1));
        var b = Significance.BootstrapMean(hits, 2000, new Random(1));
        Assert.Equal(a, b);
        Assert.Equal(hits.Average(), a.Estimate, 15);
        // normal interval half-width: 1.96·√(p(1−p)/n); bootstrap should agree within 15%
        double p = hits.Average(), half = 1.96 * Math.Sqrt(p * (1 - p) / hits.Length);
        Assert.InRange(a.Upper - a.Lower, 2 * half * 0.85, 2 * half * 1.15);
        Assert.InRange(a.Estimate, a.Lower, a.Upper);
        // constant sample → degenerate interval
        var c = Significance.BootstrapMean([0.25, 0.25, 0.25], 50, new Random(3));
        Assert.Equal((0.25, 0.25), (c.Lower, c.Upper));
    }

    [Fact]
    public void Bootstrap_paired_difference_resamples_pairs()
    {
        // b = a + 1 exactly → every resampled mean difference is −1
        double[] a = [1, 5, 2, 8, 3];
        var ci = Significance.BootstrapPairedDifference(a, a.Select(x => x + 1).ToArray(), 200, new Random(4), level: 0.9);
        Assert.Equal((-1.0, -1.0, -1.0, 0.9), (ci.Estimate, ci.Lower, ci.Upper, ci.Level));
        Assert.Equal("-1.0000 [-1.0000, -1.0000] (90%)", ci.ToString());
        Assert.Equal("level", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Significance.BootstrapMean(a, 10, new Random(0), level: 1.0)).ParamName);
        Assert.Equal("resamples", Assert.Throws<ArgumentOutOfRangeException>(() =>
            Significance.BootstrapMean(a, 0, new Random(0))).ParamName);
    }
}
