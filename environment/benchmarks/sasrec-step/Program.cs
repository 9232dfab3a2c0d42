// SASRec training-step benchmark: median ms/step (warm-up, device synchronised per step), then optionally a timed
// training run and a full-catalogue evaluation of all users. Usage in README.md.
using System.Diagnostics;
using System.Text.Json;
using SeqRecLab;
using SeqRecLab.Backend;
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
Console.WriteLine(backend);
var dev = backend.Device;
var dataPath = opt.Get("data", "../shared/data/ml-1m-proxy/sequences.txt");
var data = Datasets.LoadFile(dataPath, Enum.Parse<DataFormat>(opt.Get("format", "ItemLines")), Recipe.AsIs, opt.Get("name", Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(dataPath)))!));
Console.WriteLine($"{data.Name}: {data.NumUsers} users, {data.NumItems} items, {data.NumInteractions} interactions");
var split = LeaveOneOut.Split(data, validationUsers: 512, random: Seed.Everything(1));
var embeddingInit = opt.Get("embedding-init", "xavier");       // xavier (Kang & McAuley) or a uniform range R (±R)
var config = new SasRecConfig(MaxLength: opt.Int("length", 200), HiddenSize: opt.Int("dim", 64), Blocks: opt.Int("blocks", 2),
    Heads: 1, Dropout: opt.Double("dropout", 0.2), SeparateOutputEmbeddings: opt.Get("separate-output", "false") == "true",
    ScaleEmbeddings: opt.Get("scale-embeddings", "true") == "true",
    EmbeddingInitRange: embeddingInit == "xavier" ? null : double.Parse(embeddingInit, System.Globalization.CultureInfo.InvariantCulture));
int batch = opt.Int("batch", 128), warmup = opt.Int("warmup", 10), steps = opt.Int("steps", 100);

var model = new SasRec(data.NumItems, config, dev);
var sampler = new SequenceShiftingSampler(split.TrainSequences, config.MaxLength, dev);
ISequenceLoss loss = opt.Get("loss", "softmax") switch
{
    "softmax" => new SoftmaxLoss(),
    "bce" => new SampledBceLoss(data.NumItems, opt.Int("negatives", 1)),
    "gbce" => new GbceLoss(data.NumItems, opt.Int("negatives", 256), opt.Double("t", 0.75),
        Enum.Parse<SampledLogitsPath>(opt.Get("logits", "Auto"), ignoreCase: true)),
    var other => throw new ArgumentException($"--loss must be softmax, bce or gbce; got {other}"),
};
// --optimizer torchsharp: TorchSharp's Adam (a loop over parameters); flat: the library's FlatAdam (one flat update)
var optimizerName = opt.Get("optimizer", "torchsharp");
var optimizerKind = optimizerName switch
{
    "torchsharp" => OptimizerKind.Adam,
    "flat" => OptimizerKind.FlatAdam,
    var other => throw new ArgumentException($"--optimizer must be torchsharp or flat; got {other}"),
};
using optim.Optimizer adam = optimizerKind == OptimizerKind.Adam ? optim.Adam(model.parameters(), 1e-3) : new FlatAdam(model, 1e-3);
void Sync() { if (dev.type == DeviceType.CUDA) cuda.synchronize(); }
(Tensor Hidden, Tensor Loss) Forward()   // a batch's hidden states and loss
{
    var b = sampler.Next(batch);
    var h = model.Encode(b.Inputs);
    return (h, loss.Compute(model, h, b));
}
// --watch true: each timed step also runs the trainer's NonFiniteWatch (on the device, no host sync), to measure its cost
var watchOn = opt.Get("watch", "false") == "true";
using var watch = watchOn ? new NonFiniteWatch(model) : null;
var times = new List<double>();
double? memoryAfterWarmup = null;          // the GPU memory nvidia-smi charges to this process (context + allocator cache)
model.train();
for (int s = 0; s < warmup + steps; s++)
{
    if (s == warmup && dev.type == DeviceType.CUDA) memoryAfterWarmup = NvidiaSmi.ProcessMemoryMiB();
    Sync();
    var t0 = Stopwatch.GetTimestamp();
    using (NewDisposeScope())
    {
        var (h, l) = Forward();
        adam.zero_grad(); l.backward(); watch?.Observe(h, l); adam.step();
    }
    Sync();
    if (s >= warmup) times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
}
double? memoryAfterSteps = dev.type == DeviceType.CUDA ? NvidiaSmi.ProcessMemoryMiB() : null;
watch?.ThrowIfTripped(1, 0, warmup + steps, 1e-3);   // the one host read of the watch's record
times.Sort();
double median = times.Count > 0 ? times[times.Count / 2] : double.NaN;

// --phases true: the same steps again, synchronised between forward+loss, backward and the optimizer step, to see
// where the time goes (the twin has the same option).
Dictionary<string, double>? phases = null;
if (opt.Get("phases", "false") == "true")
{
    var lists = new[] { new List<double>(), new List<double>(), new List<double>() };
    for (int s = 0; s < steps; s++)
    {
        using var scope = NewDisposeScope();
        Sync();
        var t0 = Stopwatch.GetTimestamp();
        var l = Forward().Loss;
        Sync();
        var t1 = Stopwatch.GetTimestamp();
        adam.zero_grad(); l.backward();
        Sync();
        var t2 = Stopwatch.GetTimestamp();
        adam.step();
        Sync();
        var t3 = Stopwatch.GetTimestamp();
        lists[0].Add(Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds);
        lists[1].Add(Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds);
        lists[2].Add(Stopwatch.GetElapsedTime(t2, t3).TotalMilliseconds);
    }
    static double Median(List<double> v) { v.Sort(); return v[v.Count / 2]; }
    phases = new() { ["forward_and_loss"] = Median(lists[0]), ["backward"] = Median(lists[1]), ["optimizer"] = Median(lists[2]) };
    Console.WriteLine("phases (median ms, synchronised between them): " + string.Join(", ", phases.Select(kv => $"{kv.Key} {kv.Value:F2}")));
}
Console.WriteLine($"TorchSharp: median {median:F2} ms/step over {steps} steps (batch {batch}, L {config.MaxLength}, d {config.HiddenSize}, {data.NumItems} items, {loss.Name}, optimizer {optimizerName}{(watchOn ? ", with the non-finite watch" : "")})");
// TorchSharp 0.107.0 has no torch.cuda memory statistics (max_memory_allocated arrives with dotnet/TorchSharp#1524):
// the process's GPU memory as nvidia-smi sees it is the comparable figure (the twin reports it too); the caching
// allocator only grows, so the figure after the timed steps is the peak, and equal figures mean memory stayed flat.
if (dev.type == DeviceType.CUDA)
    Console.WriteLine($"process GPU memory (nvidia-smi): {memoryAfterWarmup?.ToString("F0") ?? "n/a"} MiB after warm-up, {memoryAfterSteps?.ToString("F0") ?? "n/a"} MiB after the timed steps");

var result = new Dictionary<string, object?>
{
    ["impl"] = "torchsharp", ["torchsharp"] = backend.TorchSharp, ["libtorch"] = backend.LibTorch, ["device"] = dev.ToString(),
    ["gpu"] = backend.GpuName, ["median_ms_per_step"] = double.IsNaN(median) ? null : median, ["peak_memory_mib"] = null, ["loss"] = loss.Name,
    ["process_memory_mib_after_warmup"] = memoryAfterWarmup, ["process_memory_mib_after_steps"] = memoryAfterSteps,
    ["logits_path"] = (loss as GbceLoss)?.Path.ToString(), ["separate_output"] = config.SeparateOutputEmbeddings, ["dataset"] = data.Name, ["steps"] = steps, ["warmup"] = warmup, ["batch"] = batch,
    ["length"] = config.MaxLength, ["dim"] = config.HiddenSize, ["blocks"] = config.Blocks, ["items"] = data.NumItems,
    ["parameter_tensors"] = model.parameters().Count(), ["phases_median_ms"] = phases, ["optimizer"] = optimizerName, ["watch"] = watchOn,
};

double minutes = opt.Double("train-minutes", 0);
long trainSteps = opt.Int("train-steps", 0);
if (minutes > 0 || trainSteps > 0)
{
    Seed.Everything(1);
    model = new SasRec(data.NumItems, config, dev);
    var trainer = new TrainerConfig(BatchSize: batch, MaxEpochs: 10_000, StepsPerEpoch: opt.Int("steps-per-epoch", 100),
        MaxMinutes: minutes > 0 ? minutes : null, MaxSteps: trainSteps > 0 ? trainSteps : null, Patience: opt.Int("patience", 20),
        Optimizer: optimizerKind);
    if (opt.Get("checkpoint", "") is { Length: > 0 } checkpoint) trainer = trainer with { CheckpointPath = Path.GetFullPath(checkpoint), Resume = true };
    var history = Trainer.Fit(model, sampler, loss, trainer, validate: m => Evaluator.Evaluate(m, split.Validation, ks: [10])["NDCG@10"]);
    var clock = Stopwatch.StartNew();
    var test = Evaluator.Evaluate(model, split.Test, ks: [10]);
    Sync();
    clock.Stop();
    Console.WriteLine($"test (all {test.Count} users, full ranking, seen items removed): {test}");
    Console.WriteLine($"full-catalogue evaluation of all users: {clock.Elapsed.TotalSeconds:F2} s");
    using var pop = new SeqRecLab.Baselines.MostPopular(split.TrainSequences, data.NumItems, dev);
    var popTest = Evaluator.Evaluate(pop, split.Test, ks: [10]);
    Console.WriteLine($"most-popular on the same test: {popTest}");
    result["mostpop_ndcg10"] = popTest["NDCG@10"];
    result["mostpop_hr10"] = popTest["HR@10"];
    result["train_minutes"] = history.Epochs[^1].Elapsed.TotalMinutes;
    result["train_steps"] = history.Epochs[^1].Step;
    result["best_validation_ndcg10"] = history.Best?.Value;
    result["best_epoch"] = history.Best?.Epoch;
    result["stop"] = history.StopReason;
    result["curve"] = history.Epochs.Select(e => new Dictionary<string, object?> { ["step"] = e.Step, ["minutes"] = e.Elapsed.TotalMinutes, ["loss"] = e.TrainLoss, ["validation_ndcg10"] = e.ValidationMetric }).ToList();
    result["test_ndcg10"] = test["NDCG@10"];
    result["test_hr10"] = test["HR@10"];
    result["eval_seconds_all_users"] = clock.Elapsed.TotalSeconds;
}
if (opt.Get("out", "") is { Length: > 0 } outPath)
    AtomicFile.WriteAllText(outPath, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
