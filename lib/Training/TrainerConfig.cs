namespace SeqRecLab.Training;

/// <summary>The optimiser the training loop uses.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma &amp; Ba); weight decay, if any, is L2 added to the gradient.</summary>
    Adam,
    /// <summary>AdamW: decoupled weight decay.</summary>
    AdamW,
    /// <summary>Adam as one flat update of all parameters (<see cref="Training.FlatAdam"/>): the same updates as
    /// <see cref="Adam"/> in far fewer kernel launches; no weight decay.</summary>
    FlatAdam,
    /// <summary>Adagrad (Duchi et al.): per-coordinate steps shrinking with the accumulated squared gradients; what
    /// LightFM's MF-BPR uses (its default learning rate 0.05). Weight decay, if any, is L2 added to the gradient.</summary>
    Adagrad,
}

/// <summary>
/// Settings of <see cref="Trainer"/>. An "epoch" is <see cref="StepsPerEpoch"/> batches (default: one pass's worth,
/// ⌈sampler's samples per pass / batch⌉); the thesis' gSASRec uses 256-batch epochs with patience 200.
/// </summary>
/// <param name="BatchSize">Samples per batch (sequences; (user, item) pairs for <see cref="UserItemSampler"/>).</param>
/// <param name="LearningRate">Optimiser learning rate.</param>
/// <param name="WeightDecay">L2 (Adam, Adagrad) or decoupled (AdamW) weight decay.</param>
/// <param name="Optimizer">Adam, AdamW, FlatAdam or Adagrad.</param>
/// <param name="StepsPerEpoch">Batches per epoch; null = one pass, ⌈<see cref="ITrainingSampler.SamplesPerPass"/> / batch⌉
/// (sequences; interactions for <see cref="UserItemSampler"/>).</param>
/// <param name="MaxEpochs">Stop after this many epochs.</param>
/// <param name="MaxSteps">Stop after this many optimiser steps (null = no limit).</param>
/// <param name="MaxMinutes">Stop when this much wall-clock time has passed (null = no limit); checked after every step.</param>
/// <param name="Patience">Early stopping: stop after this many validations without improvement (0 = never stop early).</param>
/// <param name="ValidateEvery">Validate every this many epochs.</param>
/// <param name="CheckpointPath">When set, the best model (and optimiser state, history) is written there atomically.</param>
/// <param name="Resume">Continue from <paramref name="CheckpointPath"/> when it exists and belongs to the same run settings.</param>
/// <param name="Beta1">Adam's first-moment decay β₁ (default 0.9).</param>
/// <param name="Beta2">Adam's second-moment decay β₂ (default 0.999; Kang &amp; McAuley's SASRec code and the RSS authors' use 0.98).</param>
/// <param name="RecordGradientNorms">Record each epoch's mean global gradient L2 norm (before the optimiser step) in
/// <see cref="EpochRecord.GradientNorm"/>; it costs a concatenation of the gradients and one reduction per step, on the device.</param>
public sealed record TrainerConfig(
    int BatchSize = 128,
    double LearningRate = 1e-3,
    double WeightDecay = 0.0,
    OptimizerKind Optimizer = OptimizerKind.Adam,
    int? StepsPerEpoch = null,
    int MaxEpochs = 200,
    long? MaxSteps = null,
    double? MaxMinutes = null,
    int Patience = 10,
    int ValidateEvery = 1,
    string? CheckpointPath = null,
    bool Resume = false,
    double Beta1 = 0.9,
    double Beta2 = 0.999,
    bool RecordGradientNorms = false)
{
    /// <summary>Fails with a message naming the first parameter out of range.</summary>
    public TrainerConfig Validate()
    {
        Check.Positive(BatchSize);
        Check.Positive(LearningRate);
        Check.InRange(WeightDecay, 0.0, 1.0);
        if (Optimizer == OptimizerKind.FlatAdam && WeightDecay != 0)
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"FlatAdam has no weight decay: WeightDecay must be 0 (got {WeightDecay}), or use Adam or AdamW");
        if (StepsPerEpoch is int s) Check.Positive(s, nameof(StepsPerEpoch));
        Check.Positive(MaxEpochs);
        if (MaxSteps is long m && m <= 0) throw new ArgumentOutOfRangeException(nameof(MaxSteps), m, $"MaxSteps must be positive (≥ 1) or null; got {m}");
        if (MaxMinutes is double t) Check.Positive(t, nameof(MaxMinutes));
        Check.NonNegative(Patience);
        Check.Positive(ValidateEvery);
        if (Beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Beta1), Beta1, $"Beta1 must be in [0, 1); got {Beta1}");
        if (Beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Beta2), Beta2, $"Beta2 must be in [0, 1); got {Beta2}");
        if (Resume && CheckpointPath is null) throw new ArgumentException("Resume needs a CheckpointPath", nameof(Resume));
        return this;
    }

    /// <summary>
    /// This configuration checkpointing to, and resuming from, <c>&lt;folder&gt;/&lt;run&gt;.ckpt</c> (the run's
    /// letters and digits only, e.g. "k=256, t=0.75" → <c>k256t075.ckpt</c>); unchanged when <paramref name="folder"/>
    /// is empty, so a notebook's <c>CheckpointFolder = ""</c> switches checkpointing off.
    /// </summary>
    public TrainerConfig ResumableIn(string folder, string run)
    {
        if (string.IsNullOrEmpty(folder)) return this;
        var file = string.Concat(run.Where(char.IsLetterOrDigit));
        if (file.Length == 0) throw new ArgumentException($"run name \"{run}\" has no letters or digits", nameof(run));
        return this with { CheckpointPath = Path.Combine(folder, file + ".ckpt"), Resume = true };
    }
}
