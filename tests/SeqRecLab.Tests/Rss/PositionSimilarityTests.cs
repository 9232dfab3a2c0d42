using SeqRecLab.Analysis;
using SeqRecLab.Backend;
using SeqRecLab.Models;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Rss;

public class PositionSimilarityTests
{
    public PositionSimilarityTests() => TorchBackend.Initialize("cpu");

    // e0 = (1, 0), e1 = (0, 1), e2 = (1, 1): s01 = 0, s02 = s12 = 1/√2 = 0.707107
    static double[,] Hand()
    {
        using var e = tensor(new double[] { 1, 0, 0, 1, 1, 1 }, new long[] { 3, 2 });
        return PositionSimilarity.Matrix(e);
    }

    [Fact]
    public void Cosine_matrix_of_a_hand_case()
    {
        var s = Hand();
        double r = 1 / Math.Sqrt(2);
        double[,] expected = { { 1, 0, r }, { 0, 1, r }, { r, r, 1 } };
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) Assert.Equal(expected[i, j], s[i, j], 12);
    }

    [Fact]
    public void Asymmetry_about_the_anti_diagonal_of_the_hand_case()
    {
        // reflection (i, j) → (2 − j, 2 − i): (0,1)↔(1,2) and (1,0)↔(2,1) differ by 1/√2, each counted both ways;
        // the other five entries map to equal values: A = 4 · 0.707107 / 9 = 0.314270
        Assert.Equal(4 / Math.Sqrt(2) / 9, PositionSimilarity.AntiDiagonalAsymmetry(Hand()), 12);
        Assert.Equal(0.314270, PositionSimilarity.AntiDiagonalAsymmetry(Hand()), 6);
    }

    [Fact]
    public void A_similarity_that_depends_only_on_distance_has_no_asymmetry()
    {
        var s = new double[6, 6];
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < 6; j++) s[i, j] = Math.Exp(-0.3 * Math.Abs(i - j));
        Assert.Equal(0, PositionSimilarity.AntiDiagonalAsymmetry(s), 12);
        // and the same mean similarity at every distance, early or recent
        Assert.Equal(PositionSimilarity.MeanAtDistance(s, 0, 3, 1), PositionSimilarity.MeanAtDistance(s, 3, 3, 1), 12);
    }

    [Fact]
    public void Mean_similarity_at_a_distance_within_a_block()
    {
        var s = Hand();
        Assert.Equal((0 + 1 / Math.Sqrt(2)) / 2, PositionSimilarity.MeanAtDistance(s, first: 0, count: 3, delta: 1), 12);   // (s01 + s12) / 2
        Assert.Equal(1 / Math.Sqrt(2), PositionSimilarity.MeanAtDistance(s, first: 0, count: 3, delta: 2), 12);             // s02
        Assert.Equal(1 / Math.Sqrt(2), PositionSimilarity.MeanAtDistance(s, first: 1, count: 2, delta: 1), 12);             // s12
        Assert.Contains("count", Assert.Throws<ArgumentOutOfRangeException>(() => PositionSimilarity.MeanAtDistance(s, 0, 2, 2)).Message);
        Assert.Contains("first", Assert.Throws<ArgumentOutOfRangeException>(() => PositionSimilarity.MeanAtDistance(s, 2, 2, 1)).Message);
    }

    [Fact]
    public void Zero_rows_give_zero_similarity_and_a_model_exposes_its_positions()
    {
        using var e = tensor(new float[] { 0, 0, 3, 4 }, new long[] { 2, 2 });
        var s = PositionSimilarity.Matrix(e);
        Assert.Equal(0, s[0, 1]);
        Assert.Equal(1, s[1, 1], 6);
        using var m = new SasRec(10, new SasRecConfig(MaxLength: 7, HiddenSize: 4));
        Assert.Equal(new long[] { 7, 4 }, m.PositionEmbeddings.shape);
        Assert.Equal(7, PositionSimilarity.Matrix(m.PositionEmbeddings).GetLength(0));
    }
}
