using SeqRecLab.Evaluation;

namespace SeqRecLab.Tests.Evaluation;

public class RankMetricsTests
{
    [Theory]
    [InlineData(TieRule.Expected)]
    [InlineData(TieRule.Optimistic)]
    [InlineData(TieRule.Pessimistic)]
    public void Rank_one_gives_all_ones(TieRule rule)
    {
        // greater = 0, ties = 0 → rank 1: HR = 1, NDCG = 1/log2(2) = 1, MRR = 1/1
        foreach (var k in new[] { 1, 5, 10 })
        {
            Assert.Equal(1.0, RankMetrics.HitRate(0, 0, k, rule));
            Assert.Equal(1.0, RankMetrics.Ndcg(0, 0, k, rule));
        }
        Assert.Equal(1.0, RankMetrics.ReciprocalRank(0, 0, rule));
    }

    [Fact]
    public void Rank_three()
    {
        // greater = 2 → rank 3: NDCG@10 = 1/log2(4) = 0.5, HR@10 = 1, HR@2 = 0, MRR = 1/3
        Assert.Equal(0.5, RankMetrics.Ndcg(2, 0, 10), 15);
        Assert.Equal(1.0, RankMetrics.HitRate(2, 0, 10));
        Assert.Equal(0.0, RankMetrics.HitRate(2, 0, 2));
        Assert.Equal(0.0, RankMetrics.Ndcg(2, 0, 2));
        Assert.Equal(1.0 / 3, RankMetrics.ReciprocalRank(2, 0), 15);
    }

    [Fact]
    public void Outside_top_k_is_zero()
    {
        // rank 11 with K = 10: HR = NDCG = 0; MRR = 1/11 (no cut-off)
        Assert.Equal(0.0, RankMetrics.HitRate(10, 0, 10));
        Assert.Equal(0.0, RankMetrics.Ndcg(10, 0, 10));
        Assert.Equal(1.0 / 11, RankMetrics.ReciprocalRank(10, 0), 15);
    }

    [Fact]
    public void Tie_at_the_k_boundary()
    {
        // K = 10, 8 items strictly higher, target tied with 2 others → rank uniform on {9, 10, 11}.
        // Expected: HR@10 = P(rank ≤ 10) = 2/3
        //           NDCG@10 = (1/log2(10) + 1/log2(11) + 0) / 3 = (0.3010299957 + 0.2890648263) / 3 = 0.1966982740
        //           MRR = (1/9 + 1/10 + 1/11) / 3 = (0.1111111 + 0.1 + 0.0909091) / 3 = 0.1006734007
        Assert.Equal(2.0 / 3, RankMetrics.HitRate(8, 2, 10), 15);
        Assert.Equal((1 / Math.Log2(10) + 1 / Math.Log2(11)) / 3, RankMetrics.Ndcg(8, 2, 10), 15);
        Assert.Equal(0.1966982740, RankMetrics.Ndcg(8, 2, 10), 9);
        Assert.Equal((1.0 / 9 + 1.0 / 10 + 1.0 / 11) / 3, RankMetrics.ReciprocalRank(8, 2), 15);
        // Optimistic: rank 9 → HR 1, NDCG 1/log2(10), MRR 1/9
        Assert.Equal(1.0, RankMetrics.HitRate(8, 2, 10, TieRule.Optimistic));
        Assert.Equal(1 / Math.Log2(10), RankMetrics.Ndcg(8, 2, 10, TieRule.Optimistic), 15);
        Assert.Equal(1.0 / 9, RankMetrics.ReciprocalRank(8, 2, TieRule.Optimistic), 15);
        // Pessimistic: rank 11 → HR 0, NDCG 0, MRR 1/11
        Assert.Equal(0.0, RankMetrics.HitRate(8, 2, 10, TieRule.Pessimistic));
        Assert.Equal(0.0, RankMetrics.Ndcg(8, 2, 10, TieRule.Pessimistic));
        Assert.Equal(1.0 / 11, RankMetrics.ReciprocalRank(8, 2, TieRule.Pessimistic), 15);
    }

    [Fact]
    public void Expected_mrr_with_many_ties_uses_harmonic_numbers()
    {
        // greater = 3, ties = 4999: mean of 1/r for r = 4..5003, summed directly here
        double direct = 0;
        for (int r = 4; r <= 5003; r++) direct += 1.0 / r;
        Assert.Equal(direct / 5000, RankMetrics.ReciprocalRank(3, 4999), 14);
        // H(1000) = 7.485470860550345 (known value)
        Assert.Equal(7.485470860550345, RankMetrics.Harmonic(1000), 13);
    }

    [Fact]
    public void Bad_counts_fail_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RankMetrics.HitRate(-1, 0, 10));
        Assert.Equal("greater", e.ParamName);
        var k = Assert.Throws<ArgumentOutOfRangeException>(() => RankMetrics.Ndcg(0, 0, 0));
        Assert.Equal("k", k.ParamName);
    }
}
