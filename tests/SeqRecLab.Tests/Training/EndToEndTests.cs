using SeqRecLab.Backend;
using SeqRecLab.Baselines;
using SeqRecLab.Data;
using SeqRecLab.Evaluation;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Training;

/// <summary>Data → split → SASRec → evaluation, on the synthetic dataset (CPU, about half a minute each).</summary>
public class EndToEndTests
{
    public EndToEndTests() => TorchBackend.Initialize("cpu");

    static (EvaluationResult Test, TrainingHistory History, LeaveOneOut Split) TrainSasRec(int seed, int epochs)
    {
        var data = SyntheticDataset.Generate(seed: 3, new SyntheticOptions(NumUsers: 1000, NumItems: 500, MeanLength: 30));
        var split = LeaveOneOut.Split(data, validationUsers: 256, random: new Random(3));
        Seed.Everything(seed);
        var model = new SasRec(data.NumItems, new SasRecConfig(MaxLength: 30, HiddenSize: 32, Blocks: 2, Heads: 1, Dropout: 0.2));
        var sampler = new SequenceShiftingSampler(split.TrainSequences, 30, CPU);
        var history = Trainer.Fit(model, sampler, new SoftmaxLoss(), new TrainerConfig(BatchSize: 64, MaxEpochs: epochs, LearningRate: 2e-3),
            validate: m => Evaluator.Evaluate(m, split.Validation, ks: [10])["NDCG@10"], onProgress: _ => { });
        return (Evaluator.Evaluate(model, split.Test, ks: [10]), history, split);
    }

    [Fact]
    public void Sasrec_clearly_beats_most_popular_on_synthetic_data()
    {
        var (sasrec, history, split) = TrainSasRec(seed: 1, epochs: 12);
        using var pop = new MostPopular(split.TrainSequences, split.Source.NumItems);
        var baseline = Evaluator.Evaluate(pop, split.Test, ks: [10]);
        Assert.True(sasrec["NDCG@10"] > 1.5 * baseline["NDCG@10"],
            $"SASRec NDCG@10 {sasrec["NDCG@10"]:F4} vs most-popular {baseline["NDCG@10"]:F4} (best validation {history.Best})");
        // and the difference is significant per user
        var p = Significance.PairedTTest(sasrec.PerUser["NDCG@10"], baseline.PerUser["NDCG@10"]).P;
        Assert.True(p < 0.01, $"p = {p}");
    }

    [Fact]
    public void Same_seed_gives_the_same_metrics()
    {
        var a = TrainSasRec(seed: 4, epochs: 2).Test;
        var b = TrainSasRec(seed: 4, epochs: 2).Test;
        Assert.Equal(a.Summary["NDCG@10"], b.Summary["NDCG@10"]);
        Assert.Equal(a.Greater, b.Greater);
        // and the seed is what decides: another seed (same data and split) gives other per-user values
        var c = TrainSasRec(seed: 5, epochs: 2).Test;
        Assert.NotEqual(a.PerUser["NDCG@10"], c.PerUser["NDCG@10"]);
    }
}
