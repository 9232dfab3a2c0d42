using SeqRecLab.Evaluation;

namespace SeqRecLab.Training;

/// <summary>Result of <see cref="ChiSquareTest.GoodnessOfFit"/>.</summary>
/// <param name="Statistic">Pearson's χ² = Σ (observed − expected)² / expected over the pooled cells.</param>
/// <param name="DegreesOfFreedom">Pooled cells − 1.</param>
/// <param name="P">P(χ²_df ≥ statistic): small values reject "the draws follow the distribution".</param>
/// <param name="Cells">Number of cells after pooling.</param>
public sealed record ChiSquareResult(double Statistic, int DegreesOfFreedom, double P, int Cells);

/// <summary>Pearson's χ² goodness-of-fit test, used to check samplers against their stated distributions.</summary>
public static class ChiSquareTest
{
    /// <summary>
    /// Tests counts <paramref name="observed"/> against probabilities <paramref name="probabilities"/> (same length,
    /// summing to 1 within 1e-6). Cells with an expected count below <paramref name="minExpected"/> (default 5, the
    /// usual rule) are pooled, in order, with their neighbours into one cell; a cell with expected 0 and an
    /// observed count is an outright misfit (P = 0). Needs at least 2 cells after pooling.
    /// </summary>
    public static ChiSquareResult GoodnessOfFit(IReadOnlyList<long> observed, IReadOnlyList<double> probabilities, double minExpected = 5)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (observed.Count != probabilities.Count)
            throw new ArgumentException($"{nameof(observed)} has {observed.Count} cells but {nameof(probabilities)} has {probabilities.Count}", nameof(probabilities));
        Check.Positive(minExpected);
        double psum = probabilities.Sum();
        if (Math.Abs(psum - 1) > 1e-6 || probabilities.Any(p => p < 0 || double.IsNaN(p)))
            throw new ArgumentException($"{nameof(probabilities)} must be ≥ 0 and sum to 1; sum = {psum}", nameof(probabilities));
        long total = observed.Sum();
        if (total <= 0) throw new ArgumentException($"{nameof(observed)} must hold at least one count", nameof(observed));
        for (int i = 0; i < observed.Count; i++)
        {
            if (observed[i] < 0) throw new ArgumentException($"{nameof(observed)}[{i}] = {observed[i]} is negative", nameof(observed));
            if (probabilities[i] == 0 && observed[i] > 0) return new ChiSquareResult(double.PositiveInfinity, observed.Count - 1, 0, observed.Count);
        }
        var cellsO = new List<double>();
        var cellsE = new List<double>();
        double o = 0, e = 0;
        for (int i = 0; i < observed.Count; i++)
        {
            o += observed[i]; e += probabilities[i] * total;
            if (e >= minExpected) { cellsO.Add(o); cellsE.Add(e); o = 0; e = 0; }
        }
        if (e > 0 || o > 0)
        {
            if (cellsE.Count == 0) { cellsO.Add(o); cellsE.Add(e); }
            else { cellsO[^1] += o; cellsE[^1] += e; }
        }
        if (cellsE.Count < 2) throw new ArgumentException($"only {cellsE.Count} cell(s) reach an expected count of {minExpected}; draw more samples", nameof(observed));
        double stat = 0;
        for (int i = 0; i < cellsE.Count; i++) stat += (cellsO[i] - cellsE[i]) * (cellsO[i] - cellsE[i]) / cellsE[i];
        int df = cellsE.Count - 1;
        return new ChiSquareResult(stat, df, StatFunctions.RegularizedGammaQ(df / 2.0, stat / 2), cellsE.Count);
    }
}
