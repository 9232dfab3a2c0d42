using static TorchSharp.torch;

namespace SeqRecLab.Models;

/// <summary>
/// A model whose item scores are <c>hidden · OutputEmbeddings[i] + OutputBias[i]</c> (BERT4Rec's output layer has a
/// per-item bias). Losses that build logits from <see cref="ISequenceEncoder.OutputEmbeddings"/> add the bias when the
/// model implements this interface.
/// </summary>
public interface IOutputBias
{
    /// <summary>The per-item output bias [NumItems + 1] (index 0 = padding, never a target), aligned with the rows of
    /// <see cref="ISequenceEncoder.OutputEmbeddings"/>.</summary>
    Tensor OutputBias { get; }
}
