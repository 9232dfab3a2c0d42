using System.Text.Json;
using SeqRecLab.IO;
using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// One file holding what a run needs to resume: the latest weights and optimiser state, the best weights so far,
/// the history, the sampler's position, the CPU random generator's state and a fingerprint of the run's settings.
/// Written atomically, so an interrupted save never leaves a corrupt file under the final name; loading a checkpoint
/// whose fingerprint differs fails instead of silently reusing a stale run. On a CPU a resumed run draws the same
/// batches, negatives and dropout masks as one that never stopped; on CUDA it does not, because TorchSharp 0.107
/// cannot read or set the CUDA generator's state.
/// </summary>
public static class Checkpoint
{
    const string Magic = "SEQRECLAB-CKPT-2", Family = "SEQRECLAB-CKPT-";

    /// <summary>The state kept besides the tensors.</summary>
    public sealed record Meta(string Fingerprint, int Epoch, long Step, double Best, int BestEpoch, int SinceBest, string MetricName,
        List<EpochRecord> History);

    /// <summary>Saves <paramref name="model"/> (latest), <paramref name="best"/> (best weights, may be null), optimiser, the
    /// sampler's position, the CPU generator and meta.</summary>
    public static void Save(string path, nn.Module model, optim.Optimizer optimizer, ITrainingSampler sampler, Dictionary<string, Tensor>? best, Meta meta)
    {
        AtomicFile.Write(path, stream =>
        {
            using var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            w.Write(Magic);
            w.Write(JsonSerializer.Serialize(meta));
            model.save(w);
            SaveOptimizer(optimizer, w);
            sampler.SaveState(w);
            using var rng = get_rng_state();
            var bytes = rng.data<byte>().ToArray();
            w.Write(bytes.Length);
            w.Write(bytes);
            w.Write(best is not null);
            if (best is not null)
            {
                w.Write(best.Count);
                foreach (var (name, t) in best) { w.Write(name); TorchSharp.TensorExtensionMethods.Save(t, w); }
            }
        });
    }

    /// <summary>Loads a checkpoint into <paramref name="model"/>, <paramref name="optimizer"/> and <paramref name="sampler"/>
    /// and restores the CPU random generator; returns meta and best weights.</summary>
    public static (Meta Meta, Dictionary<string, Tensor>? Best) Load(string path, nn.Module model, optim.Optimizer optimizer, ITrainingSampler sampler,
        string expectedFingerprint)
    {
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream);
        var meta = ReadHeader(r, path);
        if (meta.Fingerprint != expectedFingerprint)
            throw new InvalidOperationException($"{path} was written by a run with other settings; delete it or choose another CheckpointPath.\n" +
                $"  checkpoint: {meta.Fingerprint}\n  this run:   {expectedFingerprint}");
        LoadModelInPlace(model, r, path);
        LoadOptimizer(optimizer, r);
        sampler.LoadState(r);
        // the CPU generator continues where the saved run left it
        var rngBytes = r.ReadBytes(r.ReadInt32());
        using (var current = get_rng_state())
            if (rngBytes.Length != current.numel())    // libtorch aborts the process on a wrong-sized state: check first
                throw new InvalidDataException($"{path}: the saved random generator state has {rngBytes.Length} bytes, this libtorch's has {current.numel()}");
        using (var rng = tensor(rngBytes, dtype: ScalarType.Byte)) set_rng_state(rng);
        Dictionary<string, Tensor>? best = null;
        if (r.ReadBoolean())
        {
            // same names and shapes as the model's own state: clone it, then read each tensor's values in place
            best = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone().DetachFromDisposeScope());
            int n = r.ReadInt32();
            for (int i = 0; i < n; i++)
            {
                var name = r.ReadString();
                if (!best.TryGetValue(name, out var t)) throw new InvalidDataException($"{path}: unknown tensor {name} in the best weights");
                ReadInto(t, r);
            }
        }
        return (meta, best);
    }

    /// <summary>The metadata of a checkpoint (epoch, step, best metric, history) without loading its tensors: what a
    /// notebook needs to line up its own files with the epoch a resumed run starts after.</summary>
    public static Meta ReadMeta(string path)
    {
        using var stream = File.OpenRead(path);
        using var r = new BinaryReader(stream);
        return ReadHeader(r, path);
    }

    static Meta ReadHeader(BinaryReader r, string path)
    {
        string magic;
        try { magic = r.ReadString(); }
        catch (Exception e) when (e is EndOfStreamException or FormatException) { throw new InvalidDataException($"{path}: not a SeqRecLab checkpoint", e); }
        if (magic != Magic)
            throw new InvalidDataException(magic.StartsWith(Family)
                ? $"{path} was written in an older checkpoint format ({magic}); delete it to start the run over"
                : $"{path}: not a SeqRecLab checkpoint");
        return JsonSerializer.Deserialize<Meta>(r.ReadString()) ?? throw new InvalidDataException($"{path}: unreadable metadata");
    }

    /// <summary>Reads weights written by <c>Module.save</c> into the model's own tensors, in place. TorchSharp's
    /// <c>Module.load</c> is not used: after it, on CUDA, the optimiser no longer found its state, which TorchSharp
    /// keys by the parameters' native handles (KeyNotFoundException on an H100, 2026-11-23). Reading in place keeps
    /// every tensor, and so every handle, the optimiser holds.</summary>
    static void LoadModelInPlace(nn.Module model, BinaryReader r, string path)
    {
        var state = model.state_dict();
        long count = r.Read7BitEncodedInt64();   // Module.save writes the count as unsigned LEB128, which this reads
        if (count != state.Count)
            throw new InvalidDataException($"{path}: the saved model has {count} tensors, this model {state.Count}");
        for (long i = 0; i < count; i++)
        {
            var name = r.ReadString();
            if (!state.TryGetValue(name, out var t)) throw new InvalidDataException($"{path}: unknown tensor {name} in the model");
            ReadInto(t, r);
        }
    }

    /// <summary>Reads one saved tensor into <paramref name="target"/> in place (through a CPU copy when the target is on
    /// another device), so every reference to it, the optimiser's included, sees the loaded values.</summary>
    static void ReadInto(Tensor target, BinaryReader r)
    {
        using var _ = no_grad();
        if (target.device_type == TorchSharp.DeviceType.CPU) { TorchSharp.TensorExtensionMethods.Load(target, r, false); return; }
        using var host = empty(target.shape, dtype: target.dtype, device: CPU);
        TorchSharp.TensorExtensionMethods.Load(host, r, false);
        target.copy_(host);
    }

    static void SaveOptimizer(optim.Optimizer optimizer, BinaryWriter w)
    {
        switch (optimizer)
        {
            case TorchSharp.Modules.Adam a: a.save_state_dict(w); break;
            case TorchSharp.Modules.AdamW a: a.save_state_dict(w); break;
            case TorchSharp.Modules.Adagrad a: a.save_state_dict(w); break;
            case FlatAdam a: a.SaveState(w); break;
            default: throw new NotSupportedException($"checkpointing {optimizer.GetType().Name} is not supported");
        }
    }

    static void LoadOptimizer(optim.Optimizer optimizer, BinaryReader r)
    {
        switch (optimizer)
        {
            case TorchSharp.Modules.Adam a: a.load_state_dict(r); break;
            case TorchSharp.Modules.AdamW a: a.load_state_dict(r); break;
            case TorchSharp.Modules.Adagrad a: a.load_state_dict(r); break;
            case FlatAdam a: a.LoadState(r); break;
            default: throw new NotSupportedException($"checkpointing {optimizer.GetType().Name} is not supported");
        }
    }
}
