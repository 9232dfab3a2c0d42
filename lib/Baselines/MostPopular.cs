using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Baselines;

/// <summary>
/// Non-personalised baseline: every user gets the same scores, item i's score = how often i occurs in the training
/// sequences. Items with equal counts tie (the evaluator's tie rule decides). Column 0 (padding) scores −∞.
/// </summary>
public sealed class MostPopular : ISequentialRecommender, IDisposable
{
    readonly Tensor scores; // [1, NumItems + 1], float64 (counts exact), on Device

    /// <inheritdoc/>
    public int NumItems { get; }

    /// <summary>The history length the evaluator passes in; the scores do not depend on the history. Default 1.</summary>
    public int MaxLength { get; }

    /// <inheritdoc/>
    public Device Device { get; }

    /// <summary>Training count per item id (index 0 = padding, always 0).</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>Counts the items of <paramref name="trainSequences"/>.</summary>
    /// <param name="trainSequences">Training sequences (e.g. <c>LeaveOneOut.TrainSequences</c>); ids in 1..<paramref name="numItems"/>.</param>
    /// <param name="numItems">Catalogue size, ≥ 1.</param>
    /// <param name="device">Where scores are produced; default CPU.</param>
    /// <param name="maxLength">History length reported to the evaluator, ≥ 1 (default 1).</param>
    public MostPopular(IEnumerable<int[]> trainSequences, int numItems, Device? device = null, int maxLength = 1)
    {
        ArgumentNullException.ThrowIfNull(trainSequences);
        NumItems = Check.Positive(numItems);
        MaxLength = Check.Positive(maxLength);
        Device = device ?? CPU;
        var counts = Evaluation.NegativeSampler.ItemCounts(trainSequences, numItems);
        Counts = counts;
        var values = new double[numItems + 1];
        values[0] = double.NegativeInfinity;
        for (int i = 1; i <= numItems; i++) values[i] = counts[i];
        scores = torch.tensor(values, [1, numItems + 1], dtype: float64).to(Device).DetachFromDisposeScope();
    }

    /// <summary>Returns the training counts as float64 scores, [B, NumItems + 1], for every row of <paramref name="histories"/>.</summary>
    public Tensor ScoreAll(Tensor histories)
    {
        ArgumentNullException.ThrowIfNull(histories);
        if (histories.ndim != 2)
            throw new ArgumentException($"{nameof(histories)} must be [B, MaxLength]; got [{string.Join(", ", histories.shape)}]", nameof(histories));
        return scores.expand(histories.shape[0], NumItems + 1).clone();
    }

    /// <summary>Frees the score tensor.</summary>
    public void Dispose() => scores.Dispose();
}
