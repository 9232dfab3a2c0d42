using SeqRecLab.Backend;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;
using Bert4RecModel = SeqRecLab.Models.Bert4Rec;

namespace SeqRecLab.Tests.Training;

public class TrainerTests
{
    public TrainerTests() => TorchBackend.Initialize("cpu");

    /// <summary>Tiny cyclic data: item i is followed by i+1 (mod 30).</summary>
    static int[][] Cyclic(int users = 64, int items = 30) =>
        Enumerable.Range(0, users).Select(u => Enumerable.Range(0, 12).Select(j => (u + j) % items + 1).ToArray()).ToArray();

    static (SasRec Model, SequenceShiftingSampler Sampler) Setup(int seed)
    {
        Seed.Everything(seed);
        var model = new SasRec(30, new SasRecConfig(MaxLength: 10, HiddenSize: 16, Blocks: 1, Heads: 1, Dropout: 0.1));
        return (model, new SequenceShiftingSampler(Cyclic(), 10, CPU));
    }

    static readonly Action<TrainingProgress> Quiet = _ => { };

    /// <summary>Runs <paramref name="body"/> with a fresh temporary folder, deleted afterwards.</summary>
    static void InTempFolder(Action<string> body)
    {
        var dir = Directory.CreateTempSubdirectory("seqrec-ckpt").FullName;
        try { body(dir); }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>A validation metric that rises at every call, so the latest epoch is always the best.</summary>
    static Func<SasRec, double> Rising() { double v = 0; return _ => v += 0.1; }

    /// <summary>Trains the <see cref="Setup"/> model of <paramref name="seed"/> for <paramref name="epochs"/> epochs of 2
    /// steps with a checkpoint at <c>dir/run.ckpt</c>; the returned config resumes from it.</summary>
    static (SasRec Model, TrainerConfig Config, TrainingHistory History) FitWithCheckpoint(string dir, int seed, int epochs,
        Func<SasRec, double> validate)
    {
        var cfg = new TrainerConfig(BatchSize: 16, StepsPerEpoch: 2, MaxEpochs: epochs, CheckpointPath: Path.Combine(dir, "run.ckpt"), Resume: true);
        var (m, s) = Setup(seed);
        var h = Trainer.Fit(m, s, new SampledBceLoss(30), cfg, validate, onProgress: Quiet);
        return (m, cfg, h);
    }

    [Fact]
    public void Same_seed_gives_the_same_losses_and_weights()
    {
        double[] Run()
        {
            var (m, s) = Setup(5);
            var h = Trainer.Fit(m, s, new SampledBceLoss(30, 2), new TrainerConfig(BatchSize: 16, MaxEpochs: 3), onProgress: Quiet);
            return h.Epochs.Select(e => e.TrainLoss).Append(m.OutputEmbeddings.sum().item<float>()).ToArray();
        }
        var a = Run();
        var b = Run();
        Assert.Equal(a, b);
        Assert.Equal(4, a.Length);
    }

    [Fact]
    public void Loss_falls_on_learnable_data()
    {
        var (m, s) = Setup(6);
        var h = Trainer.Fit(m, s, new SoftmaxLoss(), new TrainerConfig(BatchSize: 32, MaxEpochs: 40, LearningRate: 5e-3), onProgress: Quiet);
        Assert.True(h.Epochs[^1].TrainLoss < 0.5 * h.Epochs[0].TrainLoss, $"{h.Epochs[0].TrainLoss} → {h.Epochs[^1].TrainLoss}");
    }

    [Fact]
    public void Live_tensors_stay_flat_over_steps()
    {
        var (m, s) = Setup(7);
        var counts = new List<long>();
        Trainer.Fit(m, s, new SampledBceLoss(30, 4), new TrainerConfig(BatchSize: 16, MaxEpochs: 8),
            validate: _ => 0.5, onProgress: _ => counts.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount));
        // after the first epochs (optimizer state created), the live count must not grow with steps
        Assert.Equal(counts[2], counts[^1]);
    }

    [Fact]
    public void Early_stopping_after_patience_restores_the_best_weights()
    {
        var (m, s) = Setup(8);
        var metrics = new Queue<double>(new[] { 0.1, 0.3, 0.2, 0.25, 0.29, 0.9 });
        Tensor? bestSnapshot = null;
        int calls = 0;
        var h = Trainer.Fit(m, s, new SampledBceLoss(30), new TrainerConfig(BatchSize: 16, MaxEpochs: 50, Patience: 3),
            validate: model =>
            {
                calls++;
                if (calls == 2) bestSnapshot = model.OutputEmbeddings.detach().clone().DetachFromDisposeScope();
                return metrics.Dequeue();
            }, onProgress: Quiet);
        Assert.Equal(5, h.Epochs.Count);                    // best at epoch 2, then 3 validations without improvement
        Assert.Equal((2, 0.3), h.Best);
        Assert.StartsWith("early stopping", h.StopReason);
        Assert.True(m.OutputEmbeddings.allclose(bestSnapshot!));
    }

    [Fact]
    public void Step_limit_stops_training()
    {
        var (m, s) = Setup(9);
        var h = Trainer.Fit(m, s, new SampledBceLoss(30), new TrainerConfig(BatchSize: 16, StepsPerEpoch: 4, MaxEpochs: 100, MaxSteps: 10), onProgress: Quiet);
        Assert.Equal(10, h.Epochs[^1].Step);
        Assert.Equal(3, h.Epochs.Count);
        Assert.Contains("MaxSteps", h.StopReason);
    }

    [Fact]
    public void Checkpoint_resume_continues_and_a_stale_checkpoint_is_refused()
    {
        InTempFolder(dir =>
        {
            var rising = Rising();
            var (_, cfg, _) = FitWithCheckpoint(dir, 10, 3, rising);
            var path = cfg.CheckpointPath!;
            Assert.True(File.Exists(path));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));

            var (m2, s2) = Setup(11);
            var h2 = Trainer.Fit(m2, s2, new SampledBceLoss(30), cfg with { MaxEpochs = 5 }, rising, onProgress: Quiet);
            Assert.Equal(new[] { 1, 2, 3, 4, 5 }, h2.Epochs.Select(e => e.Epoch));
            Assert.Equal(10, h2.Epochs[^1].Step);

            var (m3, s3) = Setup(12);
            var e = Assert.Throws<InvalidOperationException>(() =>
                Trainer.Fit(m3, s3, new SampledBceLoss(30, 3), cfg with { MaxEpochs = 6 }, validate: _ => 1, onProgress: Quiet));
            Assert.Contains("other settings", e.Message);
        });
    }

    [Fact]
    public void The_default_epoch_is_one_pass_over_the_samplers_samples()
    {
        // a sequence sampler draws one sample per user: 64 users, batch 100 → 1 step
        var (m, s) = Setup(22);
        var h = Trainer.Fit(m, s, new SampledBceLoss(30), new TrainerConfig(BatchSize: 100, MaxEpochs: 1, Patience: 0), onProgress: Quiet);
        Assert.Equal(1, h.Epochs[0].Step);
        // UserItemSampler draws one per interaction: 64 users × 12 items = 768 pairs → ⌈768 / 100⌉ = 8 steps
        Seed.Everything(23);
        var mf = new MatrixFactorization(64, 30, 8);
        var pairs = new UserItemSampler(Cyclic(), CPU);
        Assert.Equal(768, pairs.SamplesPerPass);
        var h2 = Trainer.Fit(mf, pairs, new BprLoss(), new TrainerConfig(BatchSize: 100, MaxEpochs: 1, Patience: 0), onProgress: Quiet);
        Assert.Equal(8, h2.Epochs[0].Step);
    }

    [Fact]
    public void ReadMeta_gives_the_epoch_a_rerun_resumes_after_without_loading_tensors()
    {
        InTempFolder(dir =>
        {
            var rising = Rising();
            var (_, cfg, h) = FitWithCheckpoint(dir, 20, 3, rising);
            var path = cfg.CheckpointPath!;
            var meta = Checkpoint.ReadMeta(path);
            Assert.Equal(3, meta.Epoch);
            Assert.Equal(6, meta.Step);
            Assert.Equal(3, meta.BestEpoch);
            Assert.Equal(h.Epochs.Select(e => e.Elapsed), meta.History.Select(e => e.Elapsed));

            // a rerun with a larger cap starts at meta.Epoch + 1
            var (m2, s2) = Setup(21);
            var h2 = Trainer.Fit(m2, s2, new SampledBceLoss(30), cfg with { MaxEpochs = 4 }, rising, onProgress: Quiet);
            Assert.Equal(meta.Epoch + 1, h2.Epochs[^1].Epoch);

            var other = Path.Combine(dir, "other.bin");
            File.WriteAllBytes(other, [1, 2, 3]);
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadMeta(other));
            Assert.Contains(other, e.Message);
            File.WriteAllBytes(other, []);
            Assert.Contains(other, Assert.Throws<InvalidDataException>(() => Checkpoint.ReadMeta(other)).Message);
        });
    }

    [Fact]
    public void Resuming_loads_the_weights_into_the_models_own_parameter_tensors()
    {
        // The optimiser holds the model's parameter tensors (TorchSharp's Adam keys its state by their native handles),
        // so a checkpoint must be read into those tensors in place. After TorchSharp's Module.load on CUDA the optimiser
        // no longer found its state and the resumed run failed; this pins the in-place contract on the CPU.
        InTempFolder(dir =>
        {
            var (a, cfg, _) = FitWithCheckpoint(dir, 30, 2, Rising());   // the last epoch is the best: a keeps its latest weights

            var (b, sb) = Setup(31);
            var tensors = b.parameters().ToList();
            var handles = tensors.Select(p => p.Handle).ToList();
            using var adam = optim.Adam(b.parameters());
            var path = cfg.CheckpointPath!;
            var (meta, best) = Checkpoint.Load(path, b, adam, sb, Checkpoint.ReadMeta(path).Fingerprint);
            Assert.Equal(2, meta.Epoch);
            Assert.NotNull(best);
            var after = b.parameters().ToList();
            Assert.Equal(handles, after.Select(p => p.Handle));
            Assert.All(tensors.Zip(after), pair => Assert.Same(pair.First, pair.Second));
            Assert.Equal(a.parameters().SelectMany(p => p.data<float>().ToArray()), after.SelectMany(p => p.data<float>().ToArray()));
        });
    }

    /// <summary>A model, sampler and loss for the resume test: each sampler kind with a model and loss it trains.</summary>
    static (nn.Module Model, ITrainingSampler Sampler, ISequenceLoss Loss) Run(string sampler, int seed)
    {
        Seed.Everything(seed);
        var sasRec = new SasRecConfig(MaxLength: 10, HiddenSize: 16, Blocks: 1, Heads: 1, Dropout: 0.1);
        switch (sampler)
        {
            case "shifting": return (new SasRec(30, sasRec), new SequenceShiftingSampler(Cyclic(), 10, CPU), new SampledBceLoss(30, 2));
            case "continuation": return (new SasRec(30, sasRec), new ContinuationSampler(Cyclic(), 10, CPU), new LastPositionBceLoss());
            case "recency": return (new SasRec(30, sasRec), new RecencySampler(Cyclic(), 10, RecencyImportance.Exponential(0.8), 0.2, CPU), new LastPositionBceLoss());
            default:
                var bert = new Bert4RecModel(30, new Bert4RecConfig(MaxLength: 10, HiddenSize: 16, IntermediateSize: 32, Dropout: 0.1, AttentionDropout: 0.1));
                return (bert, new MaskedItemSampler(Cyclic(), 10, bert.MaskToken, CPU, 0.2, 3), new MaskedItemSoftmaxLoss());
        }
    }

    static TrainingHistory FitAny(nn.Module model, ITrainingSampler sampler, ISequenceLoss loss, TrainerConfig config, Func<double> validate) =>
        model switch
        {
            SasRec m => Trainer.Fit(m, sampler, loss, config, _ => validate(), onProgress: Quiet),
            Bert4RecModel m => Trainer.Fit(m, sampler, loss, config, _ => validate(), onProgress: Quiet),
            _ => throw new ArgumentException(model.GetType().Name),
        };

    [Theory]
    [InlineData("shifting", OptimizerKind.Adam)]
    [InlineData("shifting", OptimizerKind.FlatAdam)]
    [InlineData("shifting", OptimizerKind.Adagrad)]
    [InlineData("continuation", OptimizerKind.Adam)]
    [InlineData("recency", OptimizerKind.FlatAdam)]
    [InlineData("masking", OptimizerKind.Adam)]
    public void On_CPU_a_resumed_run_continues_exactly_as_one_that_never_stopped(string sampler, OptimizerKind optimizer)
    {
        InTempFolder(dir =>
        {
            static float[] Weights(nn.Module m) => m.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();
            // 3 steps of 16 over 64 users: a pass order (where the sampler keeps one) is cut mid-pass at the checkpoint
            var cfg = new TrainerConfig(BatchSize: 16, StepsPerEpoch: 3, MaxEpochs: 4, Optimizer: optimizer);
            int va = 0, vb = 0;                                              // rising validation: the last epoch is the best
            var (a, sa, la) = Run(sampler, 20);
            var whole = FitAny(a, sa, la, cfg, () => ++va);

            var resumable = cfg with { CheckpointPath = Path.Combine(dir, "run.ckpt"), Resume = true };
            var (b, sb, lb) = Run(sampler, 20);
            FitAny(b, sb, lb, resumable with { MaxEpochs = 2 }, () => ++vb);
            var (c, sc, lc) = Run(sampler, 21);                              // another seed: all state must come from the file
            var resumed = FitAny(c, sc, lc, resumable, () => ++vb);

            Assert.Equal(whole.Epochs.Select(e => e.TrainLoss), resumed.Epochs.Select(e => e.TrainLoss));
            Assert.Equal(Weights(a), Weights(c));
        });
    }

    [Fact]
    public void ResumableIn_names_the_checkpoint_after_the_run_and_an_empty_folder_turns_it_off()
    {
        var c = new TrainerConfig(BatchSize: 16);
        Assert.Same(c, c.ResumableIn("", "k=256, t=0.75"));
        var r = c.ResumableIn("/tmp/ck", "k=256, t=0.75");
        Assert.Equal(Path.Combine("/tmp/ck", "k256t075.ckpt"), r.CheckpointPath);
        Assert.True(r.Resume);
        Assert.Throws<ArgumentException>(() => c.ResumableIn("/tmp/ck", "=, ."));
    }

    [Fact]
    public void A_resumed_run_whose_limits_were_reached_trains_no_further()
    {
        InTempFolder(dir =>
        {
            // early stopping: constant validation, patience 2 → best at epoch 1, stop after epoch 3
            var early = new TrainerConfig(BatchSize: 16, StepsPerEpoch: 2, MaxEpochs: 50, Patience: 2, CheckpointPath: Path.Combine(dir, "early.ckpt"), Resume: true);
            var (m, s) = Setup(13);
            var h = Trainer.Fit(m, s, new SampledBceLoss(30), early, validate: _ => 0.5, onProgress: Quiet);
            Assert.Equal(3, h.Epochs.Count);
            var (m2, s2) = Setup(14);
            var h2 = Trainer.Fit(m2, s2, new SampledBceLoss(30), early, validate: _ => 0.5, onProgress: Quiet);
            Assert.Equal(3, h2.Epochs.Count);
            Assert.Equal(6, h2.Epochs[^1].Step);
            Assert.Contains("early stopping", h2.StopReason);

            // wall clock: the first run stops on its first step; the rerun with the same cap takes no step, a larger cap continues
            var timed = new TrainerConfig(BatchSize: 16, StepsPerEpoch: 2, MaxEpochs: 50, MaxMinutes: 1e-9, CheckpointPath: Path.Combine(dir, "timed.ckpt"), Resume: true);
            var (m3, s3) = Setup(15);
            var h3 = Trainer.Fit(m3, s3, new SampledBceLoss(30), timed, validate: _ => 0.5, onProgress: Quiet);
            Assert.Equal(1, h3.Epochs[^1].Step);
            var (m4, s4) = Setup(16);
            var h4 = Trainer.Fit(m4, s4, new SampledBceLoss(30), timed, validate: _ => 0.5, onProgress: Quiet);
            Assert.Equal(1, h4.Epochs[^1].Step);
            Assert.Contains("MaxMinutes", h4.StopReason);
            var (m5, s5) = Setup(17);
            var h5 = Trainer.Fit(m5, s5, new SampledBceLoss(30), timed with { MaxMinutes = null, MaxEpochs = 3 }, validate: _ => 0.5, onProgress: Quiet);
            Assert.Equal(new long[] { 1, 3, 5 }, h5.Epochs.Select(e => e.Step));
        });
    }

    [Theory]
    [InlineData(0, 1e-3, 10, "BatchSize")]
    [InlineData(16, -1.0, 10, "LearningRate")]
    [InlineData(16, 1e-3, 0, "MaxEpochs")]
    public void Bad_trainer_settings_name_the_parameter(int batch, double lr, int epochs, string name)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new TrainerConfig(BatchSize: batch, LearningRate: lr, MaxEpochs: epochs).Validate());
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void FlatAdam_with_weight_decay_is_refused_naming_it()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerConfig(Optimizer: OptimizerKind.FlatAdam, WeightDecay: 0.01).Validate());
        Assert.Equal("WeightDecay", e.ParamName);
        Assert.Contains("FlatAdam", e.Message);
        new TrainerConfig(Optimizer: OptimizerKind.FlatAdam).Validate();
    }
}
