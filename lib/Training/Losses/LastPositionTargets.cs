using SeqRecLab.Models;
using static TorchSharp.torch;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// What the RSS-style losses share: the scores of the last position's hidden state against every item, and the
/// batch's targets as a multi-hot set (thesis ch. 4: one sample = one input sequence and a SET of target items).
/// </summary>
public static class LastPositionTargets
{
    /// <summary>
    /// Scores [B, N] of items 1…N (column j = item j+1; padding excluded) from <c>hidden[:, −1]</c> times the output
    /// embeddings, and labels [B, N] (float, 1 where the item is one of the row's non-zero <see cref="TrainingBatch.Targets"/>,
    /// duplicates collapsing). <paramref name="hidden"/> may be [B, L, d] or [B, 1, d] (Caser).
    /// </summary>
    public static (Tensor Scores, Tensor Labels) Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        var last = hidden.select(1, hidden.shape[1] - 1);                                  // [B, d]
        var scores = ItemScores.All(model, last);                                           // [B, N]
        var targets = batch.Targets;
        var labels = zeros(targets.shape[0], model.NumItems + 1, dtype: scores.dtype, device: scores.device)
            .scatter_(1, targets, ones_like(targets, dtype: scores.dtype)).narrow(1, 1, model.NumItems);
        return (scores, labels);
    }
}
