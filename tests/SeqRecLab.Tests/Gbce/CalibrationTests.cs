using SeqRecLab.Backend;
using SeqRecLab.Evaluation;
using SeqRecLab.Tests.Evaluation;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Gbce;

public class CalibrationTests
{
    public CalibrationTests() => TorchBackend.Initialize("cpu");

    static float Logit(double p) => (float)Math.Log(p / (1 - p));

    // items 1..5 with σ(score) = 0.92, 0.63, 0.37, 0.14, 0.05 for every history
    static FakeRecommender Model() => FakeRecommender.Constant(new[] { 0f, Logit(0.92), Logit(0.63), Logit(0.37), Logit(0.14), Logit(0.05) });

    // A: history [5], target 2 → ranks 1 2 3 4      → top-3 p = .92 .63 .37, hits 0 1 0
    // B: history [2], target 4 → ranks 1 3 4 5      → top-3 p = .92 .37 .14, hits 0 0 1
    // C: history [1 3], target 1 (repeat; stays ranked), 3 removed → ranks 1 2 4 5 → p = .92 .63 .14, hits 1 0 0
    static readonly EvalCase[] Cases = { new(0, new[] { 5 }, 2), new(1, new[] { 2 }, 4), new(2, new[] { 1, 3 }, 1) };

    [Fact]
    public void Probability_and_precision_at_k_match_hand_values()
    {
        var r = Calibration.Evaluate(Model(), Cases, maxK: 3, eceCutoff: 2, bins: 10, batchSize: 2);
        // @1: .92 for all; @2: (.775 + .645 + .775)/3 = .731667; @3: (1.92/3 + 1.43/3 + 1.69/3)/3 = 5.04/9 = .56
        Assert.Equal(new[] { 0.92, 0.731667, 0.56 }, r.MeanProbabilityAtK.Select(x => Math.Round(x, 6)));
        // precision@1: only C → 1/3; @2: (1/2 + 0 + 1/2)/3 = 1/3; @3: (1/3·3)/3 = 1/3
        foreach (var x in r.PrecisionAtK) Assert.Equal(1.0 / 3, x, 6);
        // per rank: .92; (.63 + .37 + .63)/3 = .543333; (.37 + .14 + .14)/3 = .216667
        Assert.Equal(new[] { 0.92, 0.543333, 0.216667 }, r.MeanProbabilityAtRank.Select(x => Math.Round(x, 6)));
        // Σ over all 5 items, seen ones included: .92 + .63 + .37 + .14 + .05 = 2.11
        foreach (var s in r.SumOfProbabilities) Assert.Equal(2.11, s, 5);
        Assert.Equal(3, r.Count);
    }

    [Fact]
    public void Ece_over_the_top_cutoff_matches_hand_value()
    {
        // ranks 1..2: (.92,0) (.63,1) | (.92,0) (.37,0) | (.92,1) (.63,0); n = 6, 10 bins
        // bin 9: 3 preds, Σp = 2.76, 1 positive → |1 − 2.76| = 1.76; bin 6: 2, Σp = 1.26, 1 → .26; bin 3: 1, .37, 0 → .37
        // ECE = (1.76 + .26 + .37) / 6 = .398333
        var r = Calibration.Evaluate(Model(), Cases, maxK: 3, eceCutoff: 2, bins: 10);
        Assert.Equal(0.398333, r.Ece, 5);
        Assert.Equal(new long[] { 0, 0, 0, 1, 0, 0, 2, 0, 0, 3 }, r.Bins.Count);
        Assert.Equal(1.0 / 3, r.Bins.PositiveRate[9], 12);
        Assert.Equal(0.92, r.Bins.MeanProbability[9], 6);
        Assert.True(double.IsNaN(r.Bins.MeanProbability[0]));
    }

    [Fact]
    public void Softmax_probabilities_sum_to_one()
    {
        // scores ln 10, ln 6, ln 3, ln 1 → softmax .5 .3 .15 .05; case history [4], target 2 → top-2 items 1, 2: p .5 .3, hit at rank 2
        var m = FakeRecommender.Constant(new[] { 0f, (float)Math.Log(10), (float)Math.Log(6), (float)Math.Log(3), 0f });
        var r = Calibration.Evaluate(m, new[] { new EvalCase(0, new[] { 4 }, 2) }, ProbabilityKind.Softmax, maxK: 2, eceCutoff: 2, bins: 5);
        Assert.Equal(1.0, r.SumOfProbabilities[0], 6);
        Assert.Equal(0.5, r.MeanProbabilityAtK[0], 6);
        Assert.Equal(0.4, r.MeanProbabilityAtK[1], 6);
        Assert.Equal(new[] { 0.0, 0.5 }, r.PrecisionAtK);
        // bins of width .2 (both probabilities mid-bin, so float rounding cannot move them): .5 → bin 2 (label 0),
        // .3 → bin 1 (label 1): ECE = (|0 − .5| + |1 − .3|)/2 = .6
        Assert.Equal(new long[] { 0, 1, 1, 0, 0 }, r.Bins.Count);
        Assert.Equal(0.6, r.Ece, 6);
    }

    [Fact]
    public void Bin_edges_follow_the_documented_rule()
    {
        // 4 bins: 0 → bin 0; .25 → bin 1 (left-closed); .5 → 2; .7 → 2; 1.0 → bin 3 (last bin holds 1)
        using var p = tensor(new[] { 0.0, 0.25, 0.5, 1.0, 0.7 });
        using var y = tensor(new[] { 0.0, 1, 0, 1, 1 });
        var b = Calibration.Bin(p, y, 4);
        Assert.Equal(new long[] { 1, 1, 2, 1 }, b.Count);
        Assert.Equal(new[] { 0.0, 0.25, 1.2, 1.0 }, b.ProbabilitySum.Select(x => Math.Round(x, 12)));
        Assert.Equal(new[] { 0.0, 1, 1, 1 }, b.PositiveSum);
        // ECE = (0 + |1 − .25| + |1 − 1.2| + 0) / 5 = .95/5 = .19
        Assert.Equal(0.19, b.Ece, 12);
        Assert.Equal(0.6, b.MeanProbability[2], 12);
        Assert.Equal(0.5, b.PositiveRate[2], 12);
    }

    [Fact]
    public void Too_few_rankable_items_or_bad_cutoffs_fail_with_the_parameter_name()
    {
        // history 1 2 3 (target 5) leaves items 4, 5: maxK = 3 cannot be filled
        var ex = Assert.Throws<ArgumentException>(() => Calibration.Evaluate(Model(), new[] { new EvalCase(0, new[] { 1, 2, 3 }, 5) }, maxK: 3, eceCutoff: 1));
        Assert.Equal("maxK", ex.ParamName);
        var ex2 = Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.Evaluate(Model(), Cases, maxK: 2, eceCutoff: 3));
        Assert.Equal("eceCutoff", ex2.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.Evaluate(Model(), Cases, maxK: 6));
    }
}
