using SeqRecLab.Backend;
using SeqRecLab.Baselines;
using SeqRecLab.Evaluation;
using TorchSharp;

namespace SeqRecLab.Tests.Evaluation;

public class MostPopularTests
{
    public MostPopularTests() => TorchBackend.Initialize("cpu");

    [Fact]
    public void Scores_are_training_counts()
    {
        // counts: item 1 → 1, item 2 → 3, item 3 → 2, item 4 → 0
        using var model = new MostPopular([[1, 2, 2], [3, 2], [3]], numItems: 4);
        Assert.Equal([0L, 1, 3, 2, 0], model.Counts);
        Assert.Equal(DeviceType.CPU, model.Device.type);
        using var h = torch.zeros(2, 1, dtype: torch.int64);
        using var s = model.ScoreAll(h);
        Assert.Equal([2L, 5], s.shape);
        Assert.Equal([double.NegativeInfinity, 1, 3, 2, 0, double.NegativeInfinity, 1, 3, 2, 0], s.data<double>().ToArray());
    }

    [Fact]
    public void Ranks_by_popularity_through_the_evaluator()
    {
        using var model = new MostPopular([[1, 2, 2], [3, 2], [3]], numItems: 4);
        EvalCase[] cases =
        [
            new(0, [1], 3), // only item 2 (3) above item 3 (2) → rank 2
            new(1, [2], 4), // item 2 seen; items 1 (1) and 3 (2) above item 4 (0) → rank 3
            new(2, [4], 2), // most popular → rank 1
            new(3, [], 1),  // empty history: items 2 and 3 above → rank 3
        ];
        var r = Evaluator.Evaluate(model, cases, ks: [1, 2]);
        Assert.Equal([1, 2, 0, 2], r.Greater);
        Assert.Equal([0, 0, 0, 0], r.Ties);
        Assert.Equal((0.5 + 1.0 / 3 + 1 + 1.0 / 3) / 4, r["MRR"], 15);
        Assert.Equal(0.5, r["HR@2"], 15); // ranks 2 and 1 are within 2
    }

    [Fact]
    public void Items_with_equal_counts_tie()
    {
        using var model = new MostPopular([[1, 2, 3]], numItems: 3); // all counts 1
        var r = Evaluator.Evaluate(model, [new EvalCase(0, [], 2)], ks: [1]);
        Assert.Equal(0, r.Greater[0]);
        Assert.Equal(2, r.Ties[0]);
        Assert.Equal(1.0 / 3, r["HR@1"], 15); // rank uniform on {1, 2, 3}
    }

    [Fact]
    public void Bad_arguments_fail()
    {
        Assert.Equal("numItems", Assert.Throws<ArgumentOutOfRangeException>(() => new MostPopular([[1]], 0)).ParamName);
        Assert.Equal("maxLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MostPopular([[1]], 1, maxLength: 0)).ParamName);
        Assert.Throws<ArgumentException>(() => new MostPopular([[2]], 1));
    }
}
