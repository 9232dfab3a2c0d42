namespace SeqRecLab.Training;

/// <summary>One row of a learning curve: the state after an epoch (or evaluation point).</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="Step">Optimiser steps taken so far.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="ValidationMetric">The early-stopping metric on validation users, when evaluated at this point.</param>
/// <param name="Elapsed">Wall-clock time since training began.</param>
/// <param name="GradientNorm">Mean over the epoch's steps of the global gradient L2 norm, when
/// <see cref="TrainerConfig.RecordGradientNorms"/> is set.</param>
public sealed record EpochRecord(int Epoch, long Step, double TrainLoss, double? ValidationMetric, TimeSpan Elapsed, double? GradientNorm = null);

/// <summary>The learning curve of a run plus what ended it.</summary>
public sealed class TrainingHistory
{
    /// <summary>Name of the validation metric, e.g. <c>NDCG@10</c>.</summary>
    public string MetricName { get; init; } = "NDCG@10";

    /// <summary>Rows in order.</summary>
    public List<EpochRecord> Epochs { get; } = new();

    /// <summary>The best validation metric seen, and its epoch.</summary>
    public (int Epoch, double Value)? Best =>
        Epochs.Where(e => e.ValidationMetric.HasValue).OrderByDescending(e => e.ValidationMetric!.Value).ThenBy(e => e.Epoch)
              .Select(e => ((int, double)?)(e.Epoch, e.ValidationMetric!.Value)).FirstOrDefault();

    /// <summary>Why training stopped: epochs, steps, time limit, early stopping.</summary>
    public string StopReason { get; set; } = "";
}
