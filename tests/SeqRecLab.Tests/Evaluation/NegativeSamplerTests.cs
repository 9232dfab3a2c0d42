using SeqRecLab.Evaluation;

namespace SeqRecLab.Tests.Evaluation;

public class NegativeSamplerTests
{
    [Fact]
    public void Item_counts_index_by_item_id()
    {
        var counts = NegativeSampler.ItemCounts([[1, 2, 2], [3, 2]], 4);
        Assert.Equal([0L, 1, 3, 1, 0], counts);
        Assert.Throws<ArgumentException>(() => NegativeSampler.ItemCounts([[5]], 4));
    }

    [Theory]
    [InlineData(NegativeDistribution.Uniform)]
    [InlineData(NegativeDistribution.Popularity)]
    public void Negatives_are_distinct_and_never_the_target_or_history(NegativeDistribution dist)
    {
        int numItems = 40;
        var counts = Enumerable.Range(0, numItems + 1).Select(i => (long)(i == 0 ? 0 : i)).ToArray();
        var rng = new Random(11);
        var cases = Enumerable.Range(0, 200).Select(u =>
            new EvalCase(u, Enumerable.Range(0, 10).Select(_ => rng.Next(1, numItems + 1)).ToArray(), rng.Next(1, numItems + 1))).ToArray();
        var neg = NegativeSampler.Sample(cases, numItems, 25, dist, new Random(1), counts);
        for (int c = 0; c < cases.Length; c++)
        {
            Assert.Equal(25, neg[c].Length);
            Assert.Equal(25, neg[c].Distinct().Count());
            Assert.DoesNotContain(cases[c].Target, neg[c]);
            Assert.Empty(neg[c].Intersect(cases[c].History));
            Assert.All(neg[c], i => Assert.InRange(i, 1, numItems));
        }
        // same seed → same negatives
        var again = NegativeSampler.Sample(cases, numItems, 25, dist, new Random(1), counts);
        Assert.Equal(neg, again);
    }

    [Fact]
    public void History_may_be_allowed()
    {
        // 3 items; target 3, history [1, 2]: with excludeHistory = false both 1 and 2 must be drawn
        var neg = NegativeSampler.Sample([new EvalCase(0, [1, 2], 3)], 3, 2, NegativeDistribution.Uniform, new Random(0), excludeHistory: false);
        Assert.Equal([1, 2], neg[0].Order());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            NegativeSampler.Sample([new EvalCase(0, [1, 2], 3)], 3, 1, NegativeDistribution.Uniform, new Random(0)));
        Assert.Equal("count", e.ParamName); // with history excluded nothing is left
    }

    /// <summary>Pearson chi-square statistic of observed counts against expected probabilities.</summary>
    static double ChiSquare(int[] observed, double[] p)
    {
        double n = observed.Sum(), chi = 0;
        for (int i = 0; i < p.Length; i++) chi += (observed[i] - n * p[i]) * (observed[i] - n * p[i]) / (n * p[i]);
        return chi;
    }

    [Fact]
    public void Popularity_sampling_follows_the_counts()
    {
        // items 1..6 with counts 1, 2, 3, 4, 0, 10; target 6 is excluded and item 5 has count 0,
        // so one draw picks items 1..4 with probabilities 1/10, 2/10, 3/10, 4/10.
        long[] counts = [0, 1, 2, 3, 4, 0, 10];
        var cases = Enumerable.Range(0, 20000).Select(u => new EvalCase(u, [], 6)).ToArray();
        var neg = NegativeSampler.Sample(cases, 6, 1, NegativeDistribution.Popularity, new Random(7), counts);
        var observed = new int[4];
        foreach (var n in neg) observed[n[0] - 1]++; // throws if item 5 or 6 were drawn
        // chi-square with 3 degrees of freedom: 16.27 is the 0.999 quantile (standard table)
        Assert.True(ChiSquare(observed, [0.1, 0.2, 0.3, 0.4]) < 16.27, string.Join(",", observed));
    }

    [Fact]
    public void Popularity_sampling_stays_exact_when_most_mass_is_excluded()
    {
        // item 3 has almost all the mass but is in every history → rejection gives up, the exact fallback draws
        // among items 1, 2, 4 with counts 1, 1, 2 → probabilities 1/4, 1/4, 1/2.
        long[] counts = [0, 1, 1, 1_000_000_000, 2, 5];
        var cases = Enumerable.Range(0, 8000).Select(u => new EvalCase(u, [3], 5)).ToArray();
        var neg = NegativeSampler.Sample(cases, 5, 1, NegativeDistribution.Popularity, new Random(9), counts);
        var observed = new int[3];
        foreach (var n in neg) observed[n[0] switch { 1 => 0, 2 => 1, 4 => 2, _ => throw new Xunit.Sdk.XunitException($"drew {n[0]}") }]++;
        // 2 degrees of freedom: 13.82 is the 0.999 quantile
        Assert.True(ChiSquare(observed, [0.25, 0.25, 0.5]) < 13.82, string.Join(",", observed));
    }

    [Fact]
    public void Uniform_sampling_is_uniform_over_allowed_items()
    {
        var cases = Enumerable.Range(0, 12000).Select(u => new EvalCase(u, [2], 4)).ToArray();
        var neg = NegativeSampler.Sample(cases, 5, 1, NegativeDistribution.Uniform, new Random(5));
        var observed = new int[3];
        foreach (var n in neg) observed[n[0] switch { 1 => 0, 3 => 1, 5 => 2, _ => throw new Xunit.Sdk.XunitException($"drew {n[0]}") }]++;
        Assert.True(ChiSquare(observed, [1 / 3.0, 1 / 3.0, 1 / 3.0]) < 13.82, string.Join(",", observed));
    }

    [Fact]
    public void Popularity_needs_counts_of_the_right_length()
    {
        EvalCase[] cases = [new(0, [], 1)];
        Assert.Equal("itemCounts", Assert.Throws<ArgumentNullException>(() =>
            NegativeSampler.Sample(cases, 5, 1, NegativeDistribution.Popularity, new Random(0))).ParamName);
        Assert.Equal("itemCounts", Assert.Throws<ArgumentOutOfRangeException>(() =>
            NegativeSampler.Sample(cases, 5, 1, NegativeDistribution.Popularity, new Random(0), [0, 1])).ParamName);
        // only 1 item with a positive count besides the target → 2 negatives impossible
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() =>
            NegativeSampler.Sample(cases, 3, 2, NegativeDistribution.Popularity, new Random(0), [0, 5, 1, 0])).ParamName);
    }
}
