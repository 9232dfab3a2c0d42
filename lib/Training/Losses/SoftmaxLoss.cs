using SeqRecLab.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// Full-softmax cross-entropy over all items at every target position (SASRec-Softmax, BERT4Rec): logits are the
/// hidden states times the whole output embedding table; the padding column is excluded; positions without a
/// target are ignored (memory: B·L·N logits).
/// </summary>
public sealed class SoftmaxLoss : ISequenceLoss
{
    /// <inheritdoc />
    public string Name => "Softmax CE";

    /// <inheritdoc />
    public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        var targets = batch.Targets.reshape(-1);
        var h = hidden.reshape(-1, hidden.shape[^1]);
        return CrossEntropy(model, h, targets);
    }

    /// <summary>Mean softmax cross-entropy over items of states <paramref name="hidden"/> [n, d] against
    /// <paramref name="targets"/> [n] (item ids; 0 = no target, ignored). Shared with <see cref="MaskedItemSoftmaxLoss"/>.</summary>
    internal static Tensor CrossEntropy(ISequenceEncoder model, Tensor hidden, Tensor targets) =>
        F.cross_entropy(ItemScores.All(model, hidden), targets - 1, ignore_index: -1);        // item i in column i − 1
}
