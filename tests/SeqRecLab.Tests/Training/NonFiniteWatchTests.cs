using SeqRecLab.Backend;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Training;

/// <summary>
/// When training goes non-finite, the trainer's error names what went first (the model's output, the loss or a
/// parameter's gradient) and the batch; each case is produced on purpose at a known step.
/// </summary>
public class NonFiniteWatchTests
{
    public NonFiniteWatchTests() => TorchBackend.Initialize("cpu");

    static int[][] Cyclic() => Enumerable.Range(0, 64).Select(u => Enumerable.Range(0, 12).Select(j => (u + j) % 30 + 1).ToArray()).ToArray();

    static SasRec Model()
    {
        Seed.Everything(3);
        return new SasRec(30, new SasRecConfig(MaxLength: 10, HiddenSize: 16, Blocks: 1, Heads: 1, Dropout: 0.1));
    }

    static readonly TrainerConfig Config = new(BatchSize: 16, StepsPerEpoch: 4, MaxEpochs: 5);

    static NonFiniteTrainingException Train(SasRec model, ISequenceLoss loss, Func<SasRec, double>? validate = null) =>
        Assert.Throws<NonFiniteTrainingException>(() =>
            Trainer.Fit(model, new SequenceShiftingSampler(Cyclic(), 10, CPU), loss, Config, validate, onProgress: _ => { }));

    /// <summary>The inner loss, changed by <paramref name="poison"/> at step <paramref name="atStep"/> only.</summary>
    sealed class PoisonedAt(int atStep, Func<Tensor, Tensor> poison) : ISequenceLoss
    {
        readonly ISequenceLoss inner = new SampledBceLoss(30);
        int calls;
        public string Name => "poisoned";
        public Tensor Compute(ISequenceEncoder model, Tensor hidden, TrainingBatch batch)
        {
            var value = inner.Compute(model, hidden, batch);
            return ++calls == atStep ? poison(value) : value;
        }
    }

    /// <summary>Trains until the gradient of the position embeddings goes NaN at <paramref name="atStep"/>: √|p − p| adds 0 to
    /// the loss, and its gradient is ∞ · 0 = NaN for every entry of p, a backward-pass fault under a finite loss.</summary>
    static (NonFiniteTrainingException Error, string Name, Parameter P) GradientFaultAt(int atStep)
    {
        var model = Model();
        var (name, p) = model.named_parameters().First(x => x.name.Contains("position"));
        return (Train(model, new PoisonedAt(atStep, v => v + (p - p.detach()).abs().sqrt().sum())), name, p);
    }

    [Fact]
    public void A_gradient_that_goes_non_finite_under_a_finite_loss_is_named_with_its_parameter_and_batch()
    {
        var (e, name, p) = GradientFaultAt(7);
        Assert.Equal((7, 2, 3), (e.Step, e.Epoch, e.Batch));
        Assert.Contains($"first the gradient of {name} ({p.numel():N0} of {p.numel():N0} entries)", e.Message);
        Assert.Contains("while the model's output and the loss", e.Message);
        Assert.Contains("batch 3 of 4", e.Message);
    }

    [Fact]
    public void A_fault_in_the_last_step_of_an_epoch_stops_training_at_that_epoch()
    {
        var (e, name, _) = GradientFaultAt(4);
        Assert.Equal((4, 1, 4), (e.Step, e.Epoch, e.Batch));
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void A_loss_that_goes_non_finite_from_a_finite_output_is_named_as_the_loss()
    {
        var e = Train(Model(), new PoisonedAt(2, v => v * double.NaN));
        Assert.Equal((2, 1, 2), (e.Step, e.Epoch, e.Batch));
        Assert.Contains("first the loss (NaN), computed from a finite model output", e.Message);
    }

    [Fact]
    public void A_parameter_spoilt_between_steps_shows_first_as_the_models_output()
    {
        // the validation callback writes ∞ into the position embeddings after epoch 1: no step computed it, and the
        // first step of epoch 2 meets it in the forward pass
        var model = Model();
        var e = Train(model, new SampledBceLoss(30), validate: m =>
        {
            using (no_grad()) m.named_parameters().First(x => x.name.Contains("position")).parameter.fill_(double.PositiveInfinity);
            return 0;
        });
        Assert.Equal((5, 2, 1), (e.Step, e.Epoch, e.Batch));
        // one batch of 16 sequences of length 10, 16 hidden units: every output entry is non-finite
        Assert.Contains("first the model's output (2,560 entries; the forward pass", e.Message);
    }

    [Fact]
    public void The_message_names_the_cpu_kernels()
    {
        var e = Train(Model(), new PoisonedAt(1, v => v * double.NaN));
        Assert.Contains($"CPU kernels {CpuIsa.Describe()}", e.Message);
        Assert.Contains("Learning rate 0.001", e.Message);
    }
}
