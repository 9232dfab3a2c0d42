using static TorchSharp.torch;

namespace SeqRecLab.Analysis;

/// <summary>
/// How similar a model's learned positional embeddings are to each other (thesis §4.3.4, RQ4.6): the cosine matrix
/// s_ij = e_i·e_j / (|e_i| |e_j|) (Eq. 4.14) and two numbers that summarise it. Positions are 0-indexed with n − 1 the
/// most recent (left padding). A model whose similarity depends only on the distance |i − j| is symmetric about the
/// anti-diagonal (Eq. 4.20); the thesis expects RSS to break that symmetry and to tell recent positions apart more sharply.
/// </summary>
public static class PositionSimilarity
{
    /// <summary>The n × n cosine similarities of the rows of <paramref name="embeddings"/> [n, d] (a zero row gives 0).</summary>
    public static double[,] Matrix(Tensor embeddings)
    {
        if (embeddings.ndim != 2) throw new ArgumentException($"embeddings must be [n, d]; got [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
        using var scope = NewDisposeScope();
        var e = embeddings.detach().to(float64).cpu();
        var unit = e / e.norm(1, keepdim: true).clamp_min(1e-12);
        var s = unit.matmul(unit.t());
        int n = (int)e.shape[0];
        var values = s.data<double>().ToArray();
        var result = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) result[i, j] = values[i * n + j];
        return result;
    }

    /// <summary>
    /// A = (1/n²) Σ_ij |s_ij − s_(n−1−j, n−1−i)|: 0 when the matrix is symmetric about its anti-diagonal (similarity a
    /// function of distance only), larger the more it depends on where in the sequence the two positions are.
    /// </summary>
    public static double AntiDiagonalAsymmetry(double[,] s)
    {
        int n = Square(s);
        double sum = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) sum += Math.Abs(s[i, j] - s[n - 1 - j, n - 1 - i]);
        return sum / ((double)n * n);
    }

    /// <summary>
    /// The mean similarity of positions <paramref name="delta"/> apart, both among positions
    /// <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1: mean of s_(i, i+Δ) over those i.
    /// Comparing the last 10 positions with the first 10 shows whether recent positions are told apart more sharply.
    /// </summary>
    public static double MeanAtDistance(double[,] s, int first, int count, int delta)
    {
        int n = Square(s);
        Check.Positive(delta, nameof(delta));
        Check.InRange(count, delta + 1, n, nameof(count));
        Check.InRange(first, 0, n - count, nameof(first));
        double sum = 0;
        for (int i = first; i + delta < first + count; i++) sum += s[i, i + delta];
        return sum / (count - delta);
    }

    static int Square(double[,] s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.GetLength(0) != s.GetLength(1)) throw new ArgumentException($"the matrix must be square; got {s.GetLength(0)} × {s.GetLength(1)}", nameof(s));
        return s.GetLength(0);
    }
}
