using static TorchSharp.torch;

namespace SeqRecLab.Models;

/// <summary>
/// A model whose item scores are <c>hidden · OutputEmbeddings[i] + OutputBias[i]</c> (BERT4Rec's output layer has a
/// per-item bias). Every loss adds it through <see cref="Training.Losses.ItemScores"/> (full-catalogue scores) or
/// <see cref="Training.Losses.SampledLogits"/> (sampled ones).
/// </summary>
public interface IOutputBias
{
    /// <summary>The per-item output bias [NumItems + 1] (index 0 = padding, never a target), aligned with the rows of
    /// <see cref="ISequenceEncoder.OutputEmbeddings"/>.</summary>
    Tensor OutputBias { get; }
}
