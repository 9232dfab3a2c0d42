namespace SeqRecLab.Training;

/// <summary>What the training loop reports after each epoch: display it live in a notebook, print it in a terminal.</summary>
public sealed record TrainingProgress(int Epoch, int MaxEpochs, long Step, double TrainLoss, string MetricName,
    double? Metric, double? BestMetric, int BestEpoch, TimeSpan Elapsed, string? StopReason = null)
{
    /// <summary>A one-line summary with a text progress bar.</summary>
    public override string ToString()
    {
        int filled = (int)Math.Round(20.0 * Math.Min(Epoch, MaxEpochs) / MaxEpochs);
        var bar = new string('█', filled) + new string('·', 20 - filled);
        var metric = Metric is double m ? $" · {MetricName} {m:F4}" : "";
        var best = BestMetric is double b ? $" (best {b:F4} @ {BestEpoch})" : "";
        var stop = StopReason is null ? "" : $" · stopped: {StopReason}";
        return $"[{bar}] epoch {Epoch}/{MaxEpochs} · step {Step} · loss {TrainLoss:F4}{metric}{best} · {Elapsed:hh\\:mm\\:ss}{stop}";
    }
}
