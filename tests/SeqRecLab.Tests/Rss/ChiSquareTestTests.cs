using SeqRecLab.Training;

namespace SeqRecLab.Tests.Rss;

public class ChiSquareTestTests
{
    [Fact]
    public void Statistic_and_p_value_match_a_hand_computation()
    {
        // observed 30, 50, 20 against p = 0.25, 0.5, 0.25 (n = 100): expected 25, 50, 25
        // χ² = 25/25 + 0 + 25/25 = 2, df = 2; for df = 2 the p-value is e^{−χ²/2} = e^{−1} = 0.3679
        var r = ChiSquareTest.GoodnessOfFit(new long[] { 30, 50, 20 }, new[] { 0.25, 0.5, 0.25 });
        Assert.Equal(2.0, r.Statistic, 12);
        Assert.Equal(2, r.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-1), r.P, 9);
    }

    [Fact]
    public void Small_expected_cells_are_pooled_and_impossible_counts_fail()
    {
        // p = 0.01, 0.01, 0.48, 0.5 with n = 100: expected 1, 1, 48, 50 → cells (1+1+48 = 50), 50; observed 2+0+48 = 50, 50 → χ² = 0
        var r = ChiSquareTest.GoodnessOfFit(new long[] { 2, 0, 48, 50 }, new[] { 0.01, 0.01, 0.48, 0.5 });
        Assert.Equal(2, r.Cells);
        Assert.Equal(0.0, r.Statistic, 12);
        Assert.Equal(1.0, r.P, 12);
        Assert.Equal(0.0, ChiSquareTest.GoodnessOfFit(new long[] { 1, 99 }, new[] { 0.0, 1.0 }).P);
        Assert.Throws<ArgumentException>(() => ChiSquareTest.GoodnessOfFit(new long[] { 1, 2 }, new[] { 0.3, 0.3 }));
    }
}
