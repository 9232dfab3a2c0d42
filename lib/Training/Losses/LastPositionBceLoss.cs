using SeqRecLab.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// Binary cross-entropy over the whole catalogue from the last position (thesis §4.3.3, the "BCE" of Tables 4.1/4.2):
/// the label of item i is 1 when i is in the batch row's target set (RSS or Continuation targets) and 0 otherwise —
/// every non-target item is a negative, no negative sampling (thesis: "Chapter 4 uses no negative sampling").
/// L = −1/(B·N) Σ_b Σ_i [y_bi log σ(s_bi) + (1 − y_bi) log(1 − σ(s_bi))], computed stably from the logits
/// (the authors' code adds ε = 1e−16 inside the logs instead; the difference is below float precision except for
/// saturated logits). Reads only <c>hidden[:, −1]</c>, so it works with models returning one state per sequence.
/// </summary>
public sealed class LastPositionBceLoss : ISequenceLoss
{
    /// <inheritdoc />
    public string Name => "BCE";

    /// <inheritdoc />
    public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        var (scores, labels) = LastPositionTargets.Compute(model, hidden, batch);
        return F.binary_cross_entropy_with_logits(scores, labels);
    }
}
