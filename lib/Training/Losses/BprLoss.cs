using SeqRecLab.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// Bayesian personalised ranking (Rendle et al., UAI 2009): −log σ(s⁺ − s⁻) with one uniformly sampled negative per
/// positive, averaged over positions that have a target; s includes the model's output bias. Used for MF-BPR.
/// </summary>
public sealed class BprLoss : ISequenceLoss
{
    /// <inheritdoc />
    public string Name => "BPR";

    /// <inheritdoc />
    public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
    {
        var (logits, mask) = SampledLogits.Compute(model, hidden, batch, 1);   // [B, L, 2]: positive, negative
        var perPosition = F.softplus(logits[.., .., 1] - logits[.., .., 0]);     // −log σ(s⁺ − s⁻)
        return (perPosition * mask).sum() / mask.sum().clamp_min(1);
    }
}
