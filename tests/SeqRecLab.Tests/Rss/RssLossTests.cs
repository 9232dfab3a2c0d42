using SeqRecLab.Backend;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Rss;

public class RssLossTests
{
    public RssLossTests() => TorchBackend.Initialize("cpu");

    /// <summary>A fixed "model": output embeddings given by the test; hidden states are passed to the loss directly.</summary>
    sealed class FixedEncoder(Tensor embeddings) : ISequenceEncoder
    {
        public int NumItems => (int)embeddings.shape[0] - 1;
        public int MaxLength => 2;
        public Device Device => CPU;
        public int HiddenSize => (int)embeddings.shape[1];
        public Tensor Encode(Tensor inputs) => throw new InvalidOperationException("not used");
        public Tensor OutputEmbeddings => embeddings;
        public Tensor ScoreAll(Tensor histories) => throw new InvalidOperationException("not used");
    }

    static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    [Fact]
    public void Bce_is_the_mean_over_batch_and_catalogue_of_the_last_position_with_multi_hot_targets()
    {
        // 2 items, d = 2: E = pad (0,0), item 1 (1,0), item 2 (0,1). Two samples, L = 2; only position 2 counts.
        // sample 1: h = (2, −1) → s = (2, −1), targets {1} → −log σ(2) − log(1 − σ(−1)) = softplus(−2) + softplus(−1)
        // sample 2: h = (0, 1)  → s = (0, 1),  targets {2, 2} (a duplicate collapses) → softplus(0) + softplus(−1)
        // loss = (softplus(−2) + 2·softplus(−1) + ln 2) / 4 = (0.126928 + 0.626523 + 0.693147) / 4 = 0.361650
        using var e = tensor(new float[] { 0, 0, 1, 0, 0, 1 }, new long[] { 3, 2 });
        using var h = tensor(new float[] { 9, 9, 2, -1, -7, 3, 0, 1 }, new long[] { 2, 2, 2 });
        var batch = new TrainingBatch(zeros(2, 2, dtype: ScalarType.Int64), tensor(new long[] { 1, 0, 2, 2 }, new long[] { 2, 2 }));
        using var loss = new LastPositionBceLoss().Compute(new FixedEncoder(e), h, batch);
        Assert.Equal((Softplus(-2) + 2 * Softplus(-1) + Math.Log(2)) / 4, loss.item<float>(), 5);
        Assert.Equal(0.361650, loss.item<float>(), 5);
    }

    [Fact]
    public void LambdaRank_lambdas_match_a_hand_computation()
    {
        // scores s = (2, 1, 0) for items 1, 2, 3; item 3 is the only target; K = 3, m = ndcg_at = 2, σ = 1.
        // Ranks by score: item1 r0, item2 r1, item3 r2. D(r) = 1/log2(r+2) = 1, 0.630930, 0.5. IDCG = 1·D(0) = 1.
        // Non-zero pairs (i in top 3, j in top 2) have g_i − g_j = 1: (r2, r0) and (r2, r1).
        //   |ΔD|: |0.5 − 1| = 0.5; |0.5 − 0.630930| = 0.130930. Δs: 0 − 2 = −2; 0 − 1 = −1.
        //   normalised ΔNDCG: 0.5/(2 + 0.01) = 0.248756; 0.130930/(1 + 0.01) = 0.129633
        //   sigmoid −1/(1 + e^{Δs}): −0.880797; −0.731059 → λ_(2,0) = −0.219104, λ_(2,1) = −0.094770
        // per item: r2 (row sum) = −0.313873; top items (minus column sums): r0 = 0.219104, r1 = 0.094770
        // Σ|λ| = 0.627747; rescale log2(1.627747)/0.627747 = 1.119681 → (0.245326, 0.106112, −0.351438)
        using var s = tensor(new float[] { 2, 1, 0 }, new long[] { 1, 3 });
        using var y = tensor(new float[] { 0, 0, 1 }, new long[] { 1, 3 });
        using var l = new LambdaRankLoss(truncateAt: 3, ndcgAt: 2).Lambdas(s, y);
        var got = l.data<float>().ToArray();
        Assert.Equal(0.245326, got[0], 5);
        Assert.Equal(0.106112, got[1], 5);
        Assert.Equal(-0.351438, got[2], 5);
    }

    /// <summary>The class summary's formula, one sample at a time with plain loops over pairs (no tensors).</summary>
    static double[] ReferenceLambdas(double[] s, double[] y, int truncateAt, int ndcgAt)
    {
        int n = s.Length, k = Math.Min(truncateAt, n), m = Math.Min(ndcgAt, k);
        var order = Enumerable.Range(0, n).OrderByDescending(i => s[i]).Take(k).ToArray();   // rank r → item
        double D(int r) => 1 / Math.Log2(r + 2);
        double G(int r) => Math.Pow(2, y[order[r]]) - 1;
        var ideal = order.Select(i => y[i]).OrderByDescending(v => v).Take(m).ToArray();
        double idcg = ideal.Select((v, r) => v * D(r)).Sum();
        bool allEqual = s[order[0]] == s[order[k - 1]];
        var lambda = new double[k];
        for (int i = 0; i < k; i++)
            for (int j = 0; j < m; j++)
            {
                double dg = G(i) - G(j);
                double dNdcg = idcg > 0 ? dg * Math.Abs(D(i) - D(j)) / idcg : 0;
                double ds = (s[order[i]] - s[order[j]]) * Math.Sign(dg);
                if (!allEqual) dNdcg /= Math.Abs(ds) + 0.01;
                double lij = dNdcg * (-1 / (1 + Math.Exp(ds)));
                if (i >= m) lambda[i] += lij;   // rows for items below the top m
                lambda[j] -= lij;               // every pair also pushes its top-m item (column sums)
            }
        double total = lambda.Sum(Math.Abs);
        double rescale = total > 0 ? Math.Log2(1 + total) / total : 0;
        var result = new double[n];
        for (int r = 0; r < k; r++) result[order[r]] = lambda[r] * rescale;
        return result;
    }

    [Fact]
    public void LambdaRank_with_several_targets_matches_the_formula_computed_pair_by_pair()
    {
        // RSS gives several targets per sequence; IDCG then sums over them, and pairs of two targets count zero.
        // K = 5, m = 3, distinct scores. Row 1: targets at ranks 3 and 4 (in the top K, below the top m) and one
        // outside the top K. Row 2: targets at ranks 0, 2 (both in the top m) and 4.
        double[][] s = [[0.3, 2.0, -1.0, 1.2, 0.5, -0.2, 0.9], [1.5, -0.4, 0.8, 2.2, -1.3, 0.1, 0.6]];
        double[][] y = [[1, 0, 1, 0, 1, 0, 0], [0, 0, 1, 1, 0, 1, 0]];
        using var st = tensor(s.SelectMany(r => r).Select(v => (float)v).ToArray(), new long[] { 2, 7 });
        using var yt = tensor(y.SelectMany(r => r).Select(v => (float)v).ToArray(), new long[] { 2, 7 });
        using var l = new LambdaRankLoss(truncateAt: 5, ndcgAt: 3).Lambdas(st, yt);
        var got = l.data<float>().ToArray();
        for (int b = 0; b < 2; b++)
        {
            var expected = ReferenceLambdas(s[b], y[b], truncateAt: 5, ndcgAt: 3);
            for (int i = 0; i < 7; i++) Assert.Equal(expected[i], got[b * 7 + i], 5);
        }
        // row 1: both targets in the top K are pushed up; the one outside the top K gets nothing
        Assert.True(got[0] < 0 && got[4] < 0 && got[2] == 0, string.Join(", ", got[..7]));
    }

    [Fact]
    public void LambdaRank_truncation_gives_zero_lambdas_outside_the_top_K()
    {
        // 5 items, scores 5 4 3 2 1; targets: item 5 (rank 4). With K = 3 the target is outside the top 3:
        // IDCG over the top K is 0, so every λ is 0. With K = 5 it is inside and gets a negative λ (pushed up);
        // items at ranks ≥ K never get a λ (items 4 and 5 with K = 3).
        using var s = tensor(new float[] { 5, 4, 3, 2, 1, 5, 4, 3, 2, 1 }, new long[] { 2, 5 });
        using var y = tensor(new float[] { 0, 0, 0, 0, 1, 0, 0, 1, 0, 1 }, new long[] { 2, 5 });
        var truncated = new LambdaRankLoss(truncateAt: 3, ndcgAt: 2).Lambdas(s, y).data<float>().ToArray();
        Assert.All(truncated[..5], x => Assert.Equal(0f, x));
        Assert.Equal(0f, truncated[8]); Assert.Equal(0f, truncated[9]);   // second row: item 3 (rank 2) is a target in the top 3
        Assert.True(truncated[7] < 0 && truncated[5] > 0);
        var full = new LambdaRankLoss(truncateAt: 5, ndcgAt: 2).Lambdas(s, y).data<float>().ToArray();
        Assert.True(full[4] < 0, $"λ of the target = {full[4]}");
    }

    [Fact]
    public void LambdaRank_loss_back_propagates_the_lambdas_and_reports_one_minus_ndcg()
    {
        // E = identity-like rows so that scores equal the hidden state: items 1..3 with e_i = unit vectors
        using var e = tensor(new float[] { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 }, new long[] { 4, 3 });
        using var h = tensor(new float[] { 2, 1, 0 }, new long[] { 1, 1, 3 }).requires_grad_(true);
        var batch = new TrainingBatch(zeros(1, 1, dtype: ScalarType.Int64), tensor(new long[] { 3 }, new long[] { 1, 1 }));
        var loss = new LambdaRankLoss(truncateAt: 3, ndcgAt: 2);
        using var value = loss.Compute(new FixedEncoder(e), h, batch);
        value.backward();
        // the target (item 3) is at rank 2, outside the top m = 2: NDCG@2 = 0 → value 1
        Assert.Equal(1.0, value.item<float>(), 6);
        // ∂/∂h = λ (scores = h here): the hand-computed lambdas of the previous test
        var g = h.grad!.data<float>().ToArray();
        Assert.Equal(new[] { 0.245326, 0.106112, -0.351438 }, g.Select(x => Math.Round(x, 6)));
    }

    [Fact]
    public void LambdaRank_rejects_bad_settings()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new LambdaRankLoss(truncateAt: 10, ndcgAt: 20));
        Assert.Contains("ndcgAt", ex.Message);
        Assert.Contains("[1, 10]", ex.Message);
    }
}
