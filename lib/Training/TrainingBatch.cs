using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// One training batch on the model's device: model inputs and, per position, the item to predict (0 = no target).
/// </summary>
/// <param name="Inputs">Item ids [B, L], left-padded with 0.</param>
/// <param name="Targets">Items to predict [B, L]; 0 where a position has no target (padding, unmasked positions, …).</param>
public sealed record TrainingBatch(Tensor Inputs, Tensor Targets);
