using SeqRecLab.Evaluation;
using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// Validation loss for early stopping: the mean full-softmax cross-entropy of each case's held-out item under the
/// model's <see cref="ISequentialRecommender.ScoreAll"/> scores over items 1..N (no seen-item filtering). For BERT4Rec
/// this is the thesis's validation signal: the masked-LM loss with only the last item (the appended <c>[mask]</c>)
/// masked (<c>ItemsMasking(force_last=True)</c>). Lower is better; pass its negative to <see cref="Trainer.Fit"/>.
/// </summary>
public static class HeldOutSoftmaxLoss
{
    /// <summary>Computes the loss of <paramref name="model"/> on <paramref name="cases"/> (non-empty) in evaluation mode,
    /// <paramref name="batchSize"/> cases per ScoreAll call (does not change the result); restores the training flag.</summary>
    public static double Compute(ISequentialRecommender model, IReadOnlyList<EvalCase> cases, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cases);
        Check.Positive(cases.Count, "cases.Count");
        Check.Positive(batchSize);
        int numItems = model.NumItems, maxLength = model.MaxLength;
        var module = model as nn.Module;
        bool wasTraining = module?.training ?? false;
        module?.eval();
        try
        {
            using var noGrad = no_grad();
            using var sum = zeros(1, dtype: ScalarType.Float64, device: model.Device);
            for (int start = 0; start < cases.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int b = Math.Min(batchSize, cases.Count - start);
                var hist = new long[b * maxLength];
                var targets = new long[b];
                for (int r = 0; r < b; r++)
                {
                    var cs = cases[start + r];
                    if (cs.Target < 1 || cs.Target > numItems)
                        throw new ArgumentException($"case {start + r}: target {cs.Target} is outside 1..{numItems} (model.NumItems)", nameof(cases));
                    targets[r] = cs.Target - 1;
                    int take = Math.Min(maxLength, cs.History.Length);
                    for (int j = 0; j < take; j++) hist[r * maxLength + maxLength - take + j] = cs.History[cs.History.Length - take + j];
                }
                var scores = model.ScoreAll(tensor(hist, new long[] { b, maxLength }).to(model.Device))[.., 1..];
                var loss = F.cross_entropy(scores, tensor(targets).to(model.Device), reduction: nn.Reduction.Sum);
                sum.add_(loss.to(ScalarType.Float64));
            }
            return sum.item<double>() / cases.Count;
        }
        finally
        {
            module?.train(wasTraining);
        }
    }
}
