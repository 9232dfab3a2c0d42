namespace SeqRecLab.Evaluation;

/// <summary>Which probability a model's scores are read as.</summary>
public enum ProbabilityKind
{
    /// <summary>σ(s) per item: models trained with BCE or gBCE (Theorem 5.5.1 is about σ of the raw score).</summary>
    Sigmoid,
    /// <summary>softmax over items 1..N: models trained with softmax cross-entropy.</summary>
    Softmax,
}

/// <summary>
/// Predictions grouped into M equal-width probability bins for a reliability diagram and the expected calibration
/// error (Naeini et al.; thesis Eq. 5.8). Bin m (0-based) holds probabilities in [m/M, (m+1)/M); the last bin also
/// holds 1.0.
/// </summary>
/// <param name="Count">Predictions per bin.</param>
/// <param name="ProbabilitySum">Sum of the predicted probabilities per bin.</param>
/// <param name="PositiveSum">Number of positives (label 1) per bin.</param>
public sealed record ReliabilityBins(long[] Count, double[] ProbabilitySum, double[] PositiveSum)
{
    /// <summary>Number of bins M.</summary>
    public int Bins => Count.Length;

    /// <summary>Total number of predictions n.</summary>
    public long Total => Count.Sum();

    /// <summary>Mean predicted probability per bin (NaN for an empty bin).</summary>
    public double[] MeanProbability => Count.Select((c, m) => c == 0 ? double.NaN : ProbabilitySum[m] / c).ToArray();

    /// <summary>Fraction of positives per bin (NaN for an empty bin).</summary>
    public double[] PositiveRate => Count.Select((c, m) => c == 0 ? double.NaN : PositiveSum[m] / c).ToArray();

    /// <summary>
    /// ECE = Σₘ |Bₘ|/n · |positives(Bₘ)/|Bₘ| − mean probability(Bₘ)| = Σₘ |positives(Bₘ) − Σ p in Bₘ| / n;
    /// 0 = calibrated, at most 1. Empty bins contribute 0; no predictions → NaN.
    /// </summary>
    public double Ece
    {
        get
        {
            long n = Total;
            if (n == 0) return double.NaN;
            double sum = 0;
            for (int m = 0; m < Bins; m++) sum += Math.Abs(PositiveSum[m] - ProbabilitySum[m]);
            return sum / n;
        }
    }
}

/// <summary>
/// Calibration of one model on a list of leave-one-out cases (<see cref="Calibration.Evaluate"/>): predicted
/// probability against Precision@K (thesis Fig. 5.4), the reliability bins and ECE of the top-ranked predictions
/// (Fig. 5.9), and the per-case sum of predicted probabilities over the catalogue (Fig. 5.1).
/// </summary>
public sealed class CalibrationResult
{
    /// <summary>Number of cases.</summary>
    public int Count { get; }

    /// <summary>How scores were read as probabilities.</summary>
    public ProbabilityKind Kind { get; }

    /// <summary>Largest cut-off K; the per-K arrays have this length (index K − 1).</summary>
    public int MaxK { get; }

    /// <summary>Mean over cases of the mean predicted probability of the items ranked 1..K ("Predicted Probability@K").</summary>
    public double[] MeanProbabilityAtK { get; }

    /// <summary>Mean over cases of (targets in the top K) / K = Recall@K / K under leave-one-out ("Precision@K").</summary>
    public double[] PrecisionAtK { get; }

    /// <summary>Mean over cases of the predicted probability of the item at rank r (index r − 1).</summary>
    public double[] MeanProbabilityAtRank { get; }

    /// <summary>Only predictions at ranks 1..<see cref="EceCutoff"/> enter <see cref="Bins"/> (thesis: 10).</summary>
    public int EceCutoff { get; }

    /// <summary>Reliability bins of the (case, rank ≤ EceCutoff) predictions; label 1 when the item is the target.</summary>
    public ReliabilityBins Bins { get; }

    /// <summary>Expected calibration error of <see cref="Bins"/>.</summary>
    public double Ece => Bins.Ece;

    /// <summary>Per case (aligned with the cases), Σᵢ p(i) over all items 1..N, seen items included (≈ 1 for a
    /// calibrated model; exactly 1 for softmax; SASRec in the thesis: 338 for one ML-1M user).</summary>
    public double[] SumOfProbabilities { get; }

    internal CalibrationResult(int count, ProbabilityKind kind, double[] probAtK, double[] precisionAtK, double[] probAtRank,
        int eceCutoff, ReliabilityBins bins, double[] sums)
    {
        Count = count; Kind = kind; MaxK = probAtK.Length;
        MeanProbabilityAtK = probAtK; PrecisionAtK = precisionAtK; MeanProbabilityAtRank = probAtRank;
        EceCutoff = eceCutoff; Bins = bins; SumOfProbabilities = sums;
    }
}
