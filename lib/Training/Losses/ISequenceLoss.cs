using SeqRecLab.Models;
using static TorchSharp.torch;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// A training loss over hidden states: BCE with sampled negatives, full softmax, gBCE, sampled softmax, BPR,
/// InfoNCE… The training loop calls <see cref="Compute"/> and back-propagates the result.
/// </summary>
public interface ISequenceLoss
{
    /// <summary>Short name for tables and charts, e.g. <c>BCE (k=1)</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The scalar loss for <paramref name="hidden"/> [B, L, d] computed by <paramref name="model"/> on
    /// <paramref name="batch"/>; positions whose target is 0 do not count.
    /// </summary>
    Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch);
}
