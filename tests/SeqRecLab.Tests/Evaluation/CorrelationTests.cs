using SeqRecLab.Evaluation;

namespace SeqRecLab.Tests.Evaluation;

public class CorrelationTests
{
    [Fact]
    public void Pearson_matches_a_hand_computed_value()
    {
        // x̄ = 2.5, ȳ = 3; dx = −1.5 −.5 .5 1.5, dy = −1 −2 1 2: Σdxdy = 1.5 + 1 + .5 + 3 = 6, Σdx² = 5, Σdy² = 10
        // r = 6 / √50 = 0.848528…
        Assert.Equal(6 / Math.Sqrt(50), Correlation.Pearson([1, 2, 3, 4], [2, 1, 4, 5]), 12);
    }

    [Fact]
    public void Pearson_is_plus_or_minus_one_on_a_line_and_nan_when_constant()
    {
        Assert.Equal(1.0, Correlation.Pearson([0.1, 0.2, 0.4], [3, 5, 9]), 12);
        Assert.Equal(-1.0, Correlation.Pearson([0.1, 0.2, 0.4], [-3, -5, -9]), 12);
        Assert.True(double.IsNaN(Correlation.Pearson([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void Pearson_rejects_lists_of_different_or_too_short_length_naming_the_argument()
    {
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => Correlation.Pearson([1, 2, 3], [1, 2])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => Correlation.Pearson([1], [1])).ParamName);
    }
}
