using System.Diagnostics;
using SeqRecLab.Backend;
using SeqRecLab.Baselines;
using SeqRecLab.Data;
using SeqRecLab.Evaluation;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using Xunit.Abstractions;
using static TorchSharp.torch;
using Bert4RecModel = SeqRecLab.Models.Bert4Rec;

namespace SeqRecLab.Tests.Bert4Rec;

/// <summary>Synthetic data → masked-item training → full-ranking evaluation against most-popular (a few seconds on CPU).</summary>
public class Bert4RecEndToEndTests(ITestOutputHelper output)
{
    static (EvaluationResult Test, EvaluationResult Pop, TrainingHistory History) Train(int seed, int epochs)
    {
        var data = SyntheticDataset.Generate(seed: 3, new SyntheticOptions(NumUsers: 600, NumItems: 200, MeanLength: 20, FollowProbability: 0.7));
        var split = LeaveOneOut.Split(data, validationUsers: 128, random: new Random(3));
        Seed.Everything(seed);
        var config = new Bert4RecConfig(MaxLength: 20, HiddenSize: 32, IntermediateSize: 64, Dropout: 0.1, AttentionDropout: 0.1);
        using var model = new Bert4RecModel(data.NumItems, config);
        using var sampler = new MaskedItemSampler(split.TrainSequences, config.MaxLength, model.MaskToken, CPU, config.MaskProbability, config.MaxPredictions);
        var history = Trainer.Fit(model, sampler, new MaskedItemSoftmaxLoss(),
            new TrainerConfig(BatchSize: 64, MaxEpochs: epochs, LearningRate: 5e-3, StepsPerEpoch: sampler.NumSequences / 64, ValidateEvery: 1000),
            onProgress: _ => { });
        using var pop = new MostPopular(split.TrainSequences, data.NumItems);
        return (Evaluator.Evaluate(model, split.Test, ks: [10]), Evaluator.Evaluate(pop, split.Test, ks: [10]), history);
    }

    [Fact]
    public void Bert4rec_beats_most_popular_on_synthetic_data()
    {
        TorchBackend.Initialize("cpu");
        var clock = Stopwatch.StartNew();
        int threads = get_num_threads();
        set_num_threads(1);   // a model this small trains fastest on one thread, and a busy 2-core machine does not stall it
        var (bert, pop, history) = Train(seed: 1, epochs: 25);
        set_num_threads(threads);
        output.WriteLine($"BERT4Rec NDCG@10 {bert["NDCG@10"]:F4}, most-popular {pop["NDCG@10"]:F4}, final loss {history.Epochs[^1].TrainLoss:F3}, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(bert["NDCG@10"] > 1.5 * pop["NDCG@10"], $"BERT4Rec NDCG@10 {bert["NDCG@10"]:F4} vs most-popular {pop["NDCG@10"]:F4}");
        Assert.True(history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss);
        var p = Significance.PairedTTest(bert.PerUser["NDCG@10"], pop.PerUser["NDCG@10"]).P;
        Assert.True(p < 0.01, $"p = {p}");
    }
}
