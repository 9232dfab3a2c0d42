using SeqRecLab.Backend;
using SeqRecLab.Evaluation;
using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Evaluation;

public class EvaluatorTests
{
    public EvaluatorTests() => TorchBackend.Initialize("cpu");

    // Scores of items 1..6 (column 0 is padding):  1:0.9  2:0.5  3:0.7  4:0.5  5:0.1  6:0.5
    // Order: 1 > 3 > {2, 4, 6} > 5.  Column 0 gets the highest score to check it is never counted.
    static readonly float[] Row = [5f, 0.9f, 0.5f, 0.7f, 0.5f, 0.1f, 0.5f];

    [Fact]
    public void Counts_greater_and_ties_with_and_without_seen_removal()
    {
        var model = FakeRecommender.Constant(Row);
        EvalCase[] cases =
        [
            new(0, [5], 3),    // 1 above 3 → g=1, t=0
            new(1, [1], 3),    // seen 1 removed → g=0; kept → g=1
            new(2, [5], 2),    // 1, 3 above; 4, 6 tied → g=2, t=2
            new(3, [4, 5], 2), // seen 4 removed → g=2, t=1; kept → t=2
            new(4, [3, 5], 3), // target in history is still ranked: g=1, t=0
        ];
        var (g, t) = Evaluator.Rank(model, cases, batchSize: 2);
        Assert.Equal([1, 0, 2, 2, 1], g);
        Assert.Equal([0, 0, 2, 1, 0], t);
        var (g2, t2) = Evaluator.Rank(model, cases, removeSeen: false);
        Assert.Equal([1, 1, 2, 2, 1], g2);
        Assert.Equal([0, 0, 2, 2, 0], t2);
    }

    [Fact]
    public void Sampled_protocol_rejects_negatives_that_would_distort_the_rank()
    {
        var model = FakeRecommender.Constant(Row);
        EvalCase[] cases = [new(0, [5], 3), new(1, [5], 2)];
        string Message(int[][] negatives) =>
            Assert.Throws<ArgumentException>(() => Evaluator.Rank(model, cases, negatives: negatives)).Message;
        Assert.StartsWith("negatives[1] holds 4 twice", Message([[1, 2], [4, 4]]));
        Assert.StartsWith("negatives[0] holds the case's target 3", Message([[1, 3], [4, 6]]));
        Assert.StartsWith("negatives[1] holds 7, outside 1..6", Message([[1, 2], [4, 7]]));
        Assert.StartsWith("negatives[1] has 1 items; every case needs the same number (2)", Message([[1, 2], [4]]));
        var (g, _) = Evaluator.Rank(model, cases, negatives: [[1, 2], [4, 6]]);   // valid lists rank: 1 above 3; nothing above 2
        Assert.Equal([1, 0], g);
    }

    [Fact]
    public void Metrics_of_a_tied_case_follow_the_tie_rule()
    {
        var model = FakeRecommender.Constant(Row);
        EvalCase[] cases = [new(7, [5], 2)]; // g = 2, t = 2 → rank uniform on {3, 4, 5}
        var r = Evaluator.Evaluate(model, cases, ks: [3, 5]);
        // HR@3 = 1/3; HR@5 = 1; NDCG@3 = (1/log2 4)/3 = 1/6; NDCG@5 = (1/log2 4 + 1/log2 5 + 1/log2 6)/3
        // MRR = (1/3 + 1/4 + 1/5)/3 = 0.26111…
        Assert.Equal(1.0 / 3, r["HR@3"], 15);
        Assert.Equal(1.0, r["HR@5"], 15);
        Assert.Equal(1.0 / 6, r["NDCG@3"], 15);
        Assert.Equal((0.5 + 1 / Math.Log2(5) + 1 / Math.Log2(6)) / 3, r["NDCG@5"], 15);
        Assert.Equal((1.0 / 3 + 1.0 / 4 + 1.0 / 5) / 3, r["MRR"], 15);
        Assert.Equal([7], r.Users);
        var pessimistic = Evaluator.Evaluate(model, cases, ks: [3, 5], tieRule: TieRule.Pessimistic);
        Assert.Equal(0.0, pessimistic["HR@3"]); // rank 5
        Assert.Equal(1 / Math.Log2(6), pessimistic["NDCG@5"], 15);
    }

    [Fact]
    public void Perfect_model_scores_one_and_summary_is_the_mean_of_per_user_values()
    {
        var model = FakeRecommender.Constant(Row);
        EvalCase[] cases = [new(0, [5], 1), new(1, [5], 3)]; // ranks 1 and 2
        var r = Evaluator.Evaluate(model, cases, ks: [1, 10]);
        Assert.Equal([1.0, 0.0], r.PerUser["HR@1"]);
        Assert.Equal([1.0, 1 / Math.Log2(3)], r.PerUser["NDCG@10"]);
        Assert.Equal([1.0, 0.5], r.PerUser["MRR"]);
        Assert.Equal(0.5, r["HR@1"]);
        Assert.Equal(0.75, r["MRR"]);
        Assert.Equal(["HR@1", "HR@10", "NDCG@1", "NDCG@10", "MRR"], r.MetricNames);
        var df = r.ToDataFrame("Fake");
        Assert.Equal(5, df.Rows.Count);
        Assert.Equal("MRR", df["Metric"][4]);
        Assert.Equal(0.75, (double)df["Fake"][4]!);
        Assert.Equal("HR@1=0.5000 HR@10=1.0000 NDCG@1=0.5000 NDCG@10=0.8155 MRR=0.7500 (n=2, ties=Expected)", r.ToString());
        var missing = Assert.Throws<KeyNotFoundException>(() => r["NDCG@20"]);
        Assert.Contains("NDCG@10", missing.Message);
    }

    [Fact]
    public void Histories_are_cut_to_max_length_and_left_padded()
    {
        var model = FakeRecommender.Constant(Row, maxLength: 3);
        Evaluator.Rank(model, [new(0, [1, 2, 3, 4, 5], 6), new(1, [2], 6)], batchSize: 8);
        var call = Assert.Single(model.Calls);
        Assert.Equal([3L, 4, 5, 0, 0, 2], call);
        Assert.Equal([false], model.GradEnabled); // called under no_grad
    }

    [Fact]
    public void Batch_size_does_not_change_results()
    {
        var rng = new Random(3);
        int n = 30;
        var table = new float[n + 1, n + 1];
        for (int r = 0; r <= n; r++)
            for (int c = 0; c <= n; c++) table[r, c] = rng.Next(0, 8); // many ties
        var model = new FakeRecommender(table, maxLength: 4);
        var cases = Enumerable.Range(0, 23).Select(u =>
        {
            var h = Enumerable.Range(0, rng.Next(1, 7)).Select(_ => rng.Next(1, n + 1)).ToArray();
            return new EvalCase(u, h, rng.Next(1, n + 1));
        }).ToArray();
        var reference = Evaluator.Evaluate(model, cases, ks: [1, 5, 10], batchSize: 1000);
        foreach (var bs in new[] { 1, 4, 7 })
        {
            var r = Evaluator.Evaluate(model, cases, ks: [1, 5, 10], batchSize: bs);
            Assert.Equal(reference.Greater, r.Greater);
            Assert.Equal(reference.Ties, r.Ties);
            Assert.Equal(reference.Summary, r.Summary);
        }
        // and the device counts agree with a plain host computation
        for (int c = 0; c < cases.Length; c++)
        {
            var cs = cases[c];
            int last = cs.History[^1];
            float ts = table[last, cs.Target];
            int g = 0, t = 0;
            for (int i = 1; i <= n; i++)
            {
                if (i == cs.Target || cs.History.Contains(i)) continue;
                if (table[last, i] > ts) g++; else if (table[last, i] == ts) t++;
            }
            Assert.Equal(g, reference.Greater[c]);
            Assert.Equal(t, reference.Ties[c]);
        }
    }

    [Fact]
    public void Sampled_protocol_ranks_the_target_among_its_negatives()
    {
        var model = FakeRecommender.Constant(Row);
        EvalCase[] cases = [new(0, [5], 2), new(1, [4], 2)];
        int[][] negatives = [[1, 6, 5], [4, 6, 5]];
        // case 0: 1 (0.9) above 2 (0.5), 6 tied, 5 below                       → g=1, t=1
        // case 1: 4 is seen → removed; 6 tied; 5 below                          → g=0, t=1
        var (g, t) = Evaluator.Rank(model, cases, negatives: negatives);
        Assert.Equal([1, 0], g);
        Assert.Equal([1, 1], t);
        var (_, tKeep) = Evaluator.Rank(model, cases, removeSeen: false, negatives: negatives);
        Assert.Equal([1, 2], tKeep); // case 1: 4 and 6 tied
        var bad = Assert.Throws<ArgumentException>(() => Evaluator.Rank(model, cases, negatives: [[1, 2], [3, 6]]));
        Assert.Equal("negatives", bad.ParamName); // case 0's target 2 among its negatives
        Assert.Throws<ArgumentException>(() => Evaluator.Rank(model, cases, negatives: [[1, 3], [3]]));
    }

    [Fact]
    public void Bad_model_output_and_arguments_fail()
    {
        var nan = FakeRecommender.Constant([0f, 1f, float.NaN, 2f]);
        var e = Assert.Throws<InvalidOperationException>(() => Evaluator.Rank(nan, [new(0, [1], 3)]));
        Assert.Contains("NaN", e.Message);
        var model = FakeRecommender.Constant(Row);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => Evaluator.Rank(model, [new(0, [1], 3)], batchSize: 0)).ParamName);
        Assert.Equal("cases", Assert.Throws<ArgumentException>(() => Evaluator.Rank(model, [new(0, [1], 7)])).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Evaluator.Rank(model, []));
    }

    sealed class FakeModule : nn.Module<Tensor, Tensor>, ISequentialRecommender
    {
        public FakeModule() : base("fake") { }
        public int NumItems => 3;
        public int MaxLength => 2;
        public Device Device => CPU;
        public bool? TrainingDuringScore;
        public override Tensor forward(Tensor x) => x;
        public Tensor ScoreAll(Tensor histories)
        {
            TrainingDuringScore = training;
            return torch.tensor(new float[] { 0, 3, 2, 1 }).expand(histories.shape[0], 4).clone();
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Module_is_scored_in_eval_mode_and_its_flag_is_restored(bool training)
    {
        using var m = new FakeModule();
        m.train(training);
        var r = Evaluator.Rank(m, [new(0, [3], 2)]); // item 1 (score 3) above item 2 (score 2)
        Assert.Equal([1], r.Greater);
        Assert.False(m.TrainingDuringScore);
        Assert.Equal(training, m.training);
    }
}
