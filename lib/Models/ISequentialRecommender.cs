using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Models;

/// <summary>
/// What the evaluator needs from a model: scores for the whole catalogue given users' histories.
/// </summary>
public interface ISequentialRecommender
{
    /// <summary>Number of items; scores have <c>NumItems + 1</c> columns (column 0 is padding and is ignored).</summary>
    int NumItems { get; }

    /// <summary>The longest history the model reads; longer histories are cut to their last <c>MaxLength</c> items.</summary>
    int MaxLength { get; }

    /// <summary>The device the model's parameters live on; inputs are moved there.</summary>
    Device Device { get; }

    /// <summary>
    /// Scores every item for each row of <paramref name="histories"/>: shape [B, MaxLength], item ids left-padded
    /// with 0, on <see cref="Device"/>. Returns [B, NumItems + 1] on the same device; higher is better.
    /// Called under <c>torch.no_grad()</c> with the model in evaluation mode.
    /// </summary>
    Tensor ScoreAll(Tensor histories);
}
