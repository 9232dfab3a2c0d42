// BERT4Rec ("Ours", thesis Table 3.3) trained for a bounded time on the BERT4Rec Beauty file, then evaluated under both
// protocols: full ranking and 100 popularity-sampled negatives (Sun et al.). Usage in README.md.
using System.Diagnostics;
using System.Text.Json;
using SeqRecLab;
using SeqRecLab.Backend;
using SeqRecLab.Baselines;
using SeqRecLab.Data;
using SeqRecLab.Evaluation;
using SeqRecLab.IO;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;

var opt = Args.Parse(args);
var backend = TorchBackend.Initialize(opt.Get("device", "auto"));
if (opt.Int("threads", 0) is int threads and > 0) set_num_threads(threads);
Console.WriteLine(backend);
var dev = backend.Device;
var dataPath = opt.Get("data", "../shared/data/bert4rec/beauty.txt");
var data = Datasets.LoadFile(dataPath, Enum.Parse<DataFormat>(opt.Get("format", "UserItemPairs")), Recipe.AsIs, opt.Get("name", "beauty-bert4rec"));
Console.WriteLine($"{data.Name}: {data.NumUsers} users, {data.NumItems} items, {data.NumInteractions} interactions");

// the authors' protocol: 2,048 validation users lose their second-to-last item; the others train on all but the last
int seed = opt.Int("seed", 31337);
var split = LeaveOneOut.Split(data, validationUsers: opt.Int("validation-users", 2048), random: new Random(seed), trainOnUnusedValidationItems: true);
var counts = NegativeSampler.ItemCounts(data.Sequences, data.NumItems);   // popularity over all actions, as the authors' sampler
var negatives = new Dictionary<string, int[][]>
{
    ["pop100-exclude-history"] = NegativeSampler.Sample(split.Test, data.NumItems, 100, NegativeDistribution.Popularity, new Random(seed), counts, excludeHistory: true),
    ["pop100-keep-history"] = NegativeSampler.Sample(split.Test, data.NumItems, 100, NegativeDistribution.Popularity, new Random(seed), counts, excludeHistory: false),
};

var config = Bert4RecConfig.Ours with { MaxLength = opt.Int("length", 50), Blocks = opt.Int("blocks", 2) };
int batch = opt.Int("batch", 64);
Seed.Everything(seed);
using var model = new Bert4Rec(data.NumItems, config, dev);
using var sampler = new MaskedItemSampler(split.TrainSequences, config.MaxLength, model.MaskToken, dev, config.MaskProbability, config.MaxPredictions);
ISequenceLoss loss = MaskedItemSoftmaxLoss.ForDevice(dev, config.MaxPredictions);
var trainer = new TrainerConfig(BatchSize: batch, LearningRate: 1e-3, StepsPerEpoch: sampler.NumSequences / batch, MaxEpochs: 10_000,
    MaxMinutes: opt.Double("train-minutes", 12), Patience: opt.Int("patience", 200));
var history = Trainer.Fit(model, sampler, loss, trainer, validate: m => -HeldOutSoftmaxLoss.Compute(m, split.Validation), metricName: "-val loss");
double trainSeconds = history.Epochs[^1].Elapsed.TotalSeconds;
Console.WriteLine($"trained {history.Epochs.Count} epochs, {history.Epochs[^1].Step} steps in {trainSeconds:F0} s; {history.StopReason}; best epoch {history.Best?.Epoch}");

var result = new Dictionary<string, object?>
{
    ["dataset"] = data.Name, ["users"] = data.NumUsers, ["items"] = data.NumItems, ["interactions"] = data.NumInteractions,
    ["device"] = dev.ToString(), ["threads"] = get_num_threads(), ["torchsharp"] = backend.TorchSharp, ["libtorch"] = backend.LibTorch,
    ["config"] = config.ToString(), ["batch"] = batch, ["seed"] = seed, ["train_seconds"] = trainSeconds, ["epochs"] = history.Epochs.Count,
    ["steps"] = history.Epochs[^1].Step, ["best_epoch"] = history.Best?.Epoch, ["stop"] = history.StopReason,
    ["curve"] = history.Epochs.Select(e => new { e.Epoch, e.Step, e.TrainLoss, ValidationLoss = -e.ValidationMetric, Seconds = e.Elapsed.TotalSeconds }).ToList(),
};
using var pop = new MostPopular(split.TrainSequences, data.NumItems, dev);
foreach (var (name, recommender) in new (string, ISequentialRecommender)[] { ("bert4rec", model), ("mostpop", pop) })
{
    var clock = Stopwatch.StartNew();
    var full = Evaluator.Evaluate(recommender, split.Test, ks: [1, 5, 10]);
    Console.WriteLine($"{name} full ranking ({full.Count} users, seen removed, {clock.Elapsed.TotalSeconds:F0} s): {full}");
    result[$"{name}_full"] = full.Summary;
    foreach (var (protocol, negs) in negatives)
    {
        var sampled = Evaluator.Evaluate(recommender, split.Test, ks: [1, 5, 10], negatives: negs);
        Console.WriteLine($"{name} {protocol}: {sampled}");
        result[$"{name}_{protocol}"] = sampled.Summary;
    }
}
if (opt.Get("out", "") is { Length: > 0 } outPath)
    AtomicFile.WriteAllText(outPath, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
