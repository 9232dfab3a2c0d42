using SeqRecLab.Backend;
using SeqRecLab.Data;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Training;

/// <summary>Adam's β's reach the optimiser; gradient norms are what they say.</summary>
public class TrainerOptionsTests
{
    public TrainerOptionsTests() => TorchBackend.Initialize("cpu");

    /// <summary>One weight w, loss w² (gradient 2w), two optimiser steps from w = 1.</summary>
    static double TwoAdamSteps(TrainerConfig config)
    {
        var module = nn.Linear(1, 1, hasBias: false);
        using (no_grad()) module.weight!.fill_(1.0);
        using var optimizer = Trainer.MakeOptimizer(module, config);
        for (int i = 0; i < 2; i++)
        {
            optimizer.zero_grad();
            module.weight!.pow(2).sum().backward();
            optimizer.step();
        }
        return module.weight!.item<float>();
    }

    /// <summary>Adam by hand (Kingma &amp; Ba, eps 1e-8): m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², w −= lr·m̂/(√v̂ + eps).</summary>
    static double TwoAdamStepsByHand(double lr, double b1, double b2)
    {
        double w = 1, m = 0, v = 0;
        for (int t = 1; t <= 2; t++)
        {
            double g = 2 * w;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.Pow(b1, t)), vHat = v / (1 - Math.Pow(b2, t));
            w -= lr * mHat / (Math.Sqrt(vHat) + 1e-8);
        }
        return w;
    }

    [Theory]
    [InlineData(0.9, 0.999)]
    [InlineData(0.9, 0.98)]
    [InlineData(0.5, 0.6)]
    public void Adam_uses_the_configured_betas(double beta1, double beta2)
    {
        var ours = TwoAdamSteps(new TrainerConfig(LearningRate: 0.1, Beta1: beta1, Beta2: beta2));
        Assert.Equal(TwoAdamStepsByHand(0.1, beta1, beta2), ours, 5);
    }

    [Theory]
    [InlineData(0.9, 0.999)]
    [InlineData(0.5, 0.6)]
    public void FlatAdam_in_the_trainer_makes_Adams_steps(double beta1, double beta2)
    {
        var ours = TwoAdamSteps(new TrainerConfig(LearningRate: 0.1, Beta1: beta1, Beta2: beta2, Optimizer: OptimizerKind.FlatAdam));
        Assert.Equal(TwoAdamStepsByHand(0.1, beta1, beta2), ours, 5);
    }

    [Fact]
    public void The_betas_change_the_second_step()
    {
        // (0.5, 0.6), lr 0.1 by hand. Step 1: g = 2, m = 1, v = 1.6, m̂ = 2, v̂ = 4, w1 = 1 − 0.1·2/2 = 0.9.
        // Step 2: g = 1.8, m = 0.5 + 0.9 = 1.4, v = 0.96 + 1.296 = 2.256, m̂ = 1.4/0.75 = 1.86667, v̂ = 2.256/0.64 = 3.525,
        // w2 = 0.9 − 0.1·1.86667/1.87750 = 0.80058
        Assert.Equal(0.80058, TwoAdamStepsByHand(0.1, 0.5, 0.6), 4);
        Assert.NotEqual(TwoAdamSteps(new TrainerConfig(LearningRate: 0.1, Beta1: 0.5, Beta2: 0.6)),
                        TwoAdamSteps(new TrainerConfig(LearningRate: 0.1)));
    }

    [Fact]
    public void Betas_out_of_range_name_the_parameter()
    {
        Assert.Contains("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerConfig(Beta2: 1.0).Validate()).Message);
        Assert.Contains("Beta1", Assert.Throws<ArgumentOutOfRangeException>(() => new TrainerConfig(Beta1: -0.1).Validate()).Message);
    }

    [Fact]
    public void Gradient_norm_is_the_l2_norm_of_all_gradients()
    {
        var module = nn.Linear(2, 1, hasBias: true);
        (module.weight! * tensor(new float[] { 1, 2 })).sum().add(module.bias! * 2).sum().backward();
        // gradients: weight [1, 2], bias [2] → √(1 + 4 + 4) = 3
        Assert.Equal(3.0, Trainer.GradientNorm(module).item<double>(), 6);
    }

    [Fact]
    public void Gradient_norms_are_recorded_only_when_asked()
    {
        var data = SyntheticDataset.Generate(5, new SyntheticOptions(NumUsers: 64, NumItems: 50, MeanLength: 10));
        EpochRecord LastEpoch(bool record)
        {
            Seed.Everything(5);
            var model = new SasRec(data.NumItems, new SasRecConfig(MaxLength: 10, HiddenSize: 8, Blocks: 1));
            var sampler = new SequenceShiftingSampler(data.Sequences, 10, CPU);
            var h = Trainer.Fit(model, sampler, new SoftmaxLoss(), new TrainerConfig(BatchSize: 16, MaxEpochs: 2, RecordGradientNorms: record), onProgress: _ => { });
            return h.Epochs[^1];
        }
        Assert.Null(LastEpoch(false).GradientNorm);
        var recorded = LastEpoch(true);
        Assert.True(recorded.GradientNorm is > 0 and < 1e6, $"gradient norm {recorded.GradientNorm}");
        Assert.Equal(LastEpoch(false).TrainLoss, recorded.TrainLoss);   // recording does not change training
    }
}
