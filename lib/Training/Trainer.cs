using System.Diagnostics;
using SeqRecLab.Models;
using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// The training loop every study uses: batches from an <see cref="ITrainingSampler"/>, hidden states from the model,
/// a scalar from an <see cref="ISequenceLoss"/>, Adam/AdamW; validation, early stopping with patience, limits by
/// epochs, steps and wall-clock minutes; the best weights restored at the end; a history for learning curves.
/// </summary>
/// <remarks>
/// Per step there is no host↔device copy and no <c>.item()</c>: the loss is summed on the device and read once per
/// epoch; every step's temporaries are freed by a dispose scope, so memory stays flat over steps. A
/// <see cref="NonFiniteWatch"/> checks every step's model output, loss and gradients on the device; when one went
/// non-finite, the epoch ends in a <see cref="NonFiniteTrainingException"/> naming the first one and its batch.
/// Randomness (batches, negatives, dropout) comes from torch's generator: call <see cref="Seed.Everything"/> first.
/// </remarks>
public static class Trainer
{
    /// <summary>Trains <paramref name="model"/> in place and returns the learning curve.</summary>
    /// <param name="model">The model; on the device it should train on (the sampler must build batches there too).</param>
    /// <param name="sampler">Builds training batches.</param>
    /// <param name="loss">The objective.</param>
    /// <param name="config">Optimiser, limits, early stopping, checkpointing.</param>
    /// <param name="validate">Returns the validation metric (higher is better), e.g. NDCG@10 on validation users;
    /// null = no validation and no early stopping (the last weights are kept).</param>
    /// <param name="metricName">Name of the validation metric, for the history and progress.</param>
    /// <param name="onProgress">Called after each epoch (e.g. a notebook display's Update); default: a terminal progress bar.</param>
    public static TrainingHistory Fit<TModel>(TModel model, ITrainingSampler sampler, ISequenceLoss loss, TrainerConfig config,
        Func<TModel, double>? validate = null, string metricName = "NDCG@10", Action<TrainingProgress>? onProgress = null)
        where TModel : nn.Module, ISequenceEncoder
    {
        config.Validate();
        var report = onProgress ?? ConsoleProgress.Report;
        using var optimizer = MakeOptimizer(model, config);
        int stepsPerEpoch = config.StepsPerEpoch ?? (sampler.SamplesPerPass + config.BatchSize - 1) / config.BatchSize;
        var fingerprint = Fingerprint(model, sampler, loss, config, stepsPerEpoch);

        var history = new TrainingHistory { MetricName = metricName };
        int startEpoch = 1, bestEpoch = 0, sinceBest = 0;
        long step = 0;
        double best = double.NegativeInfinity;
        Dictionary<string, Tensor>? bestState = null;
        var offset = TimeSpan.Zero;
        bool resumed = config.Resume && File.Exists(config.CheckpointPath);
        if (resumed)
        {
            var (meta, saved) = Checkpoint.Load(config.CheckpointPath!, model, optimizer, sampler, fingerprint);
            history.Epochs.AddRange(meta.History);
            (startEpoch, step, best, bestEpoch, sinceBest, bestState) = (meta.Epoch + 1, meta.Step, meta.Best, meta.BestEpoch, meta.SinceBest, saved);
            offset = meta.History.Count > 0 ? meta.History[^1].Elapsed : TimeSpan.Zero;
        }

        var clock = Stopwatch.StartNew();
        TimeSpan Elapsed() => offset + clock.Elapsed;
        string earlyStop = $"early stopping: no improvement in {config.Patience} validations";
        string? StepOrTimeLimit() =>
            config.MaxSteps is long ms && step >= ms ? $"reached MaxSteps ({ms})"
            : config.MaxMinutes is double mm && Elapsed().TotalMinutes >= mm ? $"reached MaxMinutes ({mm})" : null;
        // A resumed run whose limits were already reached trains no further (not even one step), so that rerunning
        // a finished notebook with the same checkpoints reproduces it; raise MaxMinutes or MaxSteps to continue.
        string? stop = !resumed ? null : config.Patience > 0 && sinceBest >= config.Patience ? earlyStop : StepOrTimeLimit();
        using var lossSum = zeros(1, dtype: ScalarType.Float64, device: model.Device);
        using var gradNormSum = zeros(1, dtype: ScalarType.Float64, device: model.Device);
        using var watch = new NonFiniteWatch(model, step);
        for (int epoch = startEpoch; epoch <= config.MaxEpochs && stop is null; epoch++)
        {
            using var epochScope = NewDisposeScope();
            model.train();
            lossSum.zero_();
            gradNormSum.zero_();
            int done = 0;
            long epochStart = step;
            for (int s = 0; s < stepsPerEpoch; s++)
            {
                using (NewDisposeScope())
                {
                    var batch = sampler.Next(config.BatchSize);
                    var hidden = model.Encode(batch.Inputs);
                    var value = loss.Compute(model, hidden, batch);
                    optimizer.zero_grad();
                    value.backward();
                    watch.Observe(hidden, value);
                    if (config.RecordGradientNorms) gradNormSum.add_(GradientNorm(model));
                    optimizer.step();
                    lossSum.add_(value.detach());
                }
                step++; done++;
                if ((stop = StepOrTimeLimit()) is not null) break;
            }
            double trainLoss = lossSum.item<double>() / Math.Max(done, 1);
            watch.ThrowIfTripped(epoch, epochStart, stepsPerEpoch, config.LearningRate);
            if (!double.IsFinite(trainLoss))   // the watch has seen every step's loss, so this is a bug of the watch's
                throw new InvalidOperationException($"training loss became {trainLoss} in epoch {epoch} (step {step}), which the non-finite watch missed");

            double? metric = null;
            if (validate is not null && (epoch % config.ValidateEvery == 0 || stop is not null || epoch == config.MaxEpochs))
            {
                metric = validate(model);
                model.train();
                if (metric > best)
                {
                    (best, bestEpoch, sinceBest) = (metric.Value, epoch, 0);
                    DisposeState(bestState);
                    bestState = CloneState(model);
                }
                else if (config.Patience > 0 && ++sinceBest >= config.Patience)
                    stop ??= earlyStop;
            }
            if (epoch == config.MaxEpochs) stop ??= $"reached MaxEpochs ({config.MaxEpochs})";
            double? gradNorm = config.RecordGradientNorms ? gradNormSum.item<double>() / Math.Max(done, 1) : null;
            history.Epochs.Add(new EpochRecord(epoch, step, trainLoss, metric, Elapsed(), gradNorm));
            if (config.CheckpointPath is not null && (metric is not null || stop is not null))
                Checkpoint.Save(config.CheckpointPath, model, optimizer, sampler, bestState,
                    new Checkpoint.Meta(fingerprint, epoch, step, best, bestEpoch, sinceBest, metricName, history.Epochs));
            report(new TrainingProgress(epoch, config.MaxEpochs, step, trainLoss, metricName, metric,
                double.IsNegativeInfinity(best) ? null : best, bestEpoch, Elapsed(), stop));
        }
        history.StopReason = stop ?? $"reached MaxEpochs ({config.MaxEpochs})";
        if (bestState is not null)
        {
            model.load_state_dict(bestState);
            DisposeState(bestState);
        }
        model.eval();
        return history;
    }

    internal static optim.Optimizer MakeOptimizer(nn.Module model, TrainerConfig c) => c.Optimizer switch
    {
        OptimizerKind.Adam => optim.Adam(model.parameters(), c.LearningRate, beta1: c.Beta1, beta2: c.Beta2, weight_decay: c.WeightDecay),
        OptimizerKind.AdamW => optim.AdamW(model.parameters(), c.LearningRate, beta1: c.Beta1, beta2: c.Beta2, weight_decay: c.WeightDecay),
        OptimizerKind.FlatAdam => new FlatAdam(model, c.LearningRate, c.Beta1, c.Beta2),
        OptimizerKind.Adagrad => optim.Adagrad(model.parameters(), c.LearningRate, weight_decay: c.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(c.Optimizer), c.Optimizer, "Optimizer must be Adam, AdamW, FlatAdam or Adagrad"),
    };

    /// <summary>‖g‖₂ over all parameters' gradients, as a float64 device scalar (no host copy). The gradients are
    /// concatenated first, so a step launches a few kernels for this instead of a few per parameter tensor.</summary>
    internal static Tensor GradientNorm(nn.Module model)
    {
        var grads = model.parameters().Where(p => p.grad is not null).Select(p => p.grad!.reshape(-1)).ToArray();
        return grads.Length == 0 ? zeros(1, dtype: ScalarType.Float64, device: model.parameters().First().device)
            : cat(grads, 0).to(ScalarType.Float64).square().sum().sqrt();
    }

    static Dictionary<string, Tensor> CloneState(nn.Module model) =>
        model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());

    static void DisposeState(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var t in state.Values) t.Dispose();
    }

    /// <summary>What must match for a checkpoint to be resumed: parameter shapes, sampler, loss and optimiser settings.</summary>
    static string Fingerprint(nn.Module model, ITrainingSampler sampler, ISequenceLoss loss, TrainerConfig c, int stepsPerEpoch)
    {
        var shapes = string.Join(";", model.named_parameters().Select(p => $"{p.name}[{string.Join("x", p.parameter.shape)}]"));
        return $"{model.GetType().Name}|{shapes}|{sampler.GetType().Name}:{sampler.NumSequences}|{loss.Name}|" +
               $"{c.Optimizer}:lr={c.LearningRate}:wd={c.WeightDecay}:betas={c.Beta1},{c.Beta2}:batch={c.BatchSize}:steps/epoch={stepsPerEpoch}";
    }
}
