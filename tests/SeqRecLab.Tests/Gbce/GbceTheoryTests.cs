using SeqRecLab.Analysis;
using SeqRecLab.Backend;
using SeqRecLab.Training.Losses;

namespace SeqRecLab.Tests.Gbce;

public class GbceTheoryTests
{
    public GbceTheoryTests() => TorchBackend.Initialize("cpu");

    [Fact]
    public void Fixed_point_matches_hand_values()
    {
        // SASRec on ML-1M: α = 1/3415 = 0.000292826, β = 1, P = 0.01:
        // 0.01 / (0.000292826·0.99 + 0.01) = 0.01 / 0.010289898 = 0.971827
        Assert.Equal(0.971827, GbceTheory.FixedPoint(0.01, 1.0 / 3415, 1.0), 6);
        // gSASRec: α = 256/3415 = 0.0749634, β = 0.3062225, P = 0.1:
        // 0.03062225 / (0.0749634·0.9 + 0.03062225) = 0.03062225 / 0.09808931 = 0.312187
        double a = 256.0 / 3415, b = GbceLoss.BetaFor(a, 0.75);
        Assert.Equal(0.312187, GbceTheory.FixedPoint(0.1, a, b), 6);
        // t = 1 (β = α): σ = P exactly (Corollary 5.5.1.1); the ends P = 0 and P = 1 map to themselves
        Assert.Equal(0.05, GbceTheory.FixedPoint(0.05, a, a), 15);
        Assert.Equal(0.0, GbceTheory.FixedPoint(0.0, a, 1.0));
        Assert.Equal(1.0, GbceTheory.FixedPoint(1.0, a, b));
    }

    [Fact]
    public void Fixed_point_with_negatives_from_all_items_matches_hand_values()
    {
        // N = 1000, k = 256, t = 1: β = 256/999; σ = βP / (βP + 256/1000) = P / (P + 999/1000); P = 0.2306 → 0.2306/1.2296 = 0.187541
        Assert.Equal(0.187541, GbceTheory.FixedPointAllItems(0.2306, 256, 1000, 256.0 / 999), 6);
        // β = 1, k = 1, N = 4, P = 0.5: 0.5 / (0.5 + 0.25) = 2/3
        Assert.Equal(2.0 / 3, GbceTheory.FixedPointAllItems(0.5, 1, 4, 1.0), 15);
    }

    [Fact]
    public void Zipf_is_normalised_power_law()
    {
        // weights 1, 1/2, 1/3 sum to 11/6 → 6/11, 3/11, 2/11
        var p = GbceTheory.Zipf(3, 1.0);
        Assert.Equal(6.0 / 11, p[0], 12);
        Assert.Equal(3.0 / 11, p[1], 12);
        Assert.Equal(2.0 / 11, p[2], 12);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => GbceTheory.FixedPoint(1.5, 0.1, 0.5));
        Assert.Equal("p", ex.ParamName);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => GbceTheory.FixedPoint(0.5, 0.0, 0.5));
        Assert.Equal("alpha", ex.ParamName);
        Assert.Throws<ArgumentException>(() => GbceSimulation.Run(new[] { 0.5, 0.6 }, 1, 0.0));
    }

    [Fact]
    public void Simulation_converges_to_the_theorem_for_bce_and_calibrated_gbce()
    {
        // 100 items, P ∝ i^-1.2; 2,000 Adam steps of 256 positives. Thresholds: the top-10 items within 6 % of
        // Eq. 5.11 (measured ≈ 2.5 %); the sum of σ matches the theory's sum within 5 %.
        var p = GbceTheory.Zipf(100, 1.2);
        var bce = GbceSimulation.Run(p, negatives: 1, t: 0.0, steps: 2000, batchSize: 256, seed: 1);
        Assert.True(bce.MaxRelativeError(10) < 0.06, $"BCE k=1: {bce.MaxRelativeError(10)}");
        Assert.True(bce.SumLearned > 20, $"BCE with 1 negative is overconfident: Σσ = {bce.SumLearned}");   // theory 28.6
        Assert.Equal(bce.SumTheory, bce.SumLearned, 0.05 * bce.SumTheory);

        var calibrated = GbceSimulation.Run(p, negatives: 16, t: 1.0, steps: 2000, batchSize: 256, seed: 1);
        Assert.True(calibrated.MaxRelativeError(10) < 0.06, $"gBCE t=1: {calibrated.MaxRelativeError(10)}");
        Assert.Equal(1.0, calibrated.SumLearned, 0.05);
        for (int i = 0; i < 5; i++) Assert.Equal(p[i], calibrated.Theory[i], 12);
    }

    [Fact]
    public void Simulation_with_negatives_from_all_items_follows_its_own_fixed_point_and_is_reproducible()
    {
        var p = GbceTheory.Zipf(50, 1.2);
        var r = GbceSimulation.Run(p, negatives: 8, t: 0.75, steps: 1000, batchSize: 256, seed: 2, excludePositive: false);
        Assert.True(r.MaxRelativeError(5) < 0.06, $"{r.MaxRelativeError(5)}");
        Assert.Equal(GbceTheory.FixedPointAllItems(p[0], 8, 50, r.Beta), r.Theory[0], 15);
        var again = GbceSimulation.Run(p, negatives: 8, t: 0.75, steps: 1000, batchSize: 256, seed: 2, excludePositive: false);
        Assert.Equal(r.Learned, again.Learned);
    }
}
