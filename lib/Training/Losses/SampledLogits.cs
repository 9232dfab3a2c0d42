using SeqRecLab.Models;
using static TorchSharp.torch;

namespace SeqRecLab.Training.Losses;

/// <summary>Logits of the positive and of k uniformly sampled negatives at every position; shared by sampled losses.</summary>
public static class SampledLogits
{
    /// <summary>
    /// Returns logits [B, L, 1 + k] (column 0 = positive) and the float mask [B, L] of positions with a target.
    /// Negatives are uniform over 1..N with replacement, per position. Uses <see cref="SampledLogitsPath.Gather"/>.
    /// </summary>
    public static (Tensor Logits, Tensor Mask) Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch, int negatives) =>
        Compute(model, hidden, batch, negatives, SampledLogitsPath.Gather);

    /// <summary>
    /// As <see cref="Compute(ISequenceEncoder, Tensor, TrainingBatch, int)"/>, with the logits computed along
    /// <paramref name="path"/>. The negatives are drawn by the same single <c>randint</c> call on every path, so
    /// the same torch seed gives the same negatives whatever the path.
    /// </summary>
    public static (Tensor Logits, Tensor Mask) Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch, int negatives, SampledLogitsPath path)
    {
        var targets = batch.Targets;
        var negs = randint(1, model.NumItems + 1, new long[] { targets.shape[0], targets.shape[1], negatives }, dtype: ScalarType.Int64, device: targets.device);
        var ids = cat(new[] { targets.unsqueeze(-1), negs }, -1);                     // [B, L, 1+k]
        var mask = targets.ne(0).to(hidden.dtype);
        long d = hidden.shape[^1];
        if (path == SampledLogitsPath.Auto)
            path = model.NumItems + 1L <= (1L + negatives) * d ? SampledLogitsPath.ScoreAll : SampledLogitsPath.Gather;
        Tensor logits;
        if (path == SampledLogitsPath.ScoreAll)
            logits = hidden.matmul(model.OutputEmbeddings.t()).gather(-1, ids);        // [B, L, N+1] → [B, L, 1+k]
        else
        {
            var emb = model.OutputEmbeddings.index_select(0, ids.reshape(-1)).view(ids.shape[0], ids.shape[1], ids.shape[2], -1); // [B, L, 1+k, d]
            logits = hidden.unsqueeze(-2).matmul(emb.transpose(-1, -2)).squeeze(-2);  // [B, L, 1, d]·[B, L, d, 1+k] → [B, L, 1+k]
        }
        return (ItemScores.Bias(model, ids) is Tensor bias ? logits + bias : logits, mask);   // the output bias, if the model has one
    }
}
