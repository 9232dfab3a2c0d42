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
        var logits = h.matmul(model.OutputEmbeddings[1..].t());                     // [B·L, N], item i in column i-1
        return F.cross_entropy(logits, targets - 1, ignore_index: -1);
    }
}
