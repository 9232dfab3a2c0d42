using SeqRecLab.Backend;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// Finds the first training step at which something went non-finite (NaN or ±∞): the model's output, the loss, or a
/// parameter's gradient, with how many gradient entries of each parameter. Each step's check stays on the device (a
/// few reductions and one <c>where</c>, no host sync); <see cref="ThrowIfTripped"/> reads the record once, where the
/// trainer reads the epoch's loss anyway, and throws a <see cref="NonFiniteTrainingException"/> that names what went first.
/// </summary>
/// <remarks>
/// Order within a step: the model's output, then the loss, then the gradients. A parameter that became non-finite in an
/// optimiser step shows up as a non-finite output or gradient in a later step, so "first" is always something a step
/// computed: the forward pass (output), the loss function (loss from a finite output) or the backward pass (gradients
/// from a finite loss).
/// </remarks>
public sealed class NonFiniteWatch : IDisposable
{
    const int Fixed = 4;   // record: [step, loss value, non-finite entries of the output, of the loss, then of each parameter's gradient]
    readonly (string Name, Parameter Value)[] parameters;
    readonly Tensor record, step, zero;
    // the constants of every step, made once: a Scalar made implicitly per call is left to the finalizer, and
    // TorchSharp 0.107 does not keep it alive during the native call that uses it (a rare use-after-free)
    readonly Scalar scalarOne = 1.ToScalar(), scalarZero = 0.ToScalar();
    readonly Dictionary<string, Tensor> bounds = new();

    /// <summary>Watches the trainable parameters of <paramref name="model"/>; steps are numbered from <paramref name="stepsDone"/> + 1.</summary>
    public NonFiniteWatch(nn.Module model, long stepsDone = 0)
    {
        parameters = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToArray();
        var device = parameters.Length > 0 ? parameters[0].Value.device : CPU;
        record = zeros(Fixed + parameters.Length, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
        using (var first = record[0]) first.fill_(-1);
        step = full(1, (double)stepsDone, dtype: ScalarType.Float64, device: device).DetachFromDisposeScope();
        zero = zeros(1, dtype: ScalarType.Int64, device: device).DetachFromDisposeScope();
    }

    /// <summary>Records one step: call after the backward pass and before the optimiser step. Device operations only:
    /// one concatenation of the output, the loss and the gradients, a cumulative count of their non-finite entries read
    /// at the boundaries, and a <c>where</c> that keeps the first step with any (about 17 small kernels).</summary>
    /// <param name="output">The model's output for the batch (its hidden states).</param>
    /// <param name="loss">The scalar loss.</param>
    public void Observe(Tensor output, Tensor loss)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var dtype = output.dtype;
        var parts = new Tensor[parameters.Length + 2];
        var sizes = new long[parameters.Length + 2];
        (parts[0], sizes[0]) = (output.reshape(-1), output.numel());
        (parts[1], sizes[1]) = (loss.reshape(1), 1);
        for (int i = 0; i < parameters.Length; i++)
        {
            var g = parameters[i].Value.grad;
            parts[i + 2] = g is null ? empty(0, dtype: dtype, device: record.device) : g.reshape(-1);
            sizes[i + 2] = g?.numel() ?? 0;
        }
        for (int i = 1; i < parts.Length; i++) if (parts[i].dtype != dtype) parts[i] = parts[i].to(dtype);
        var nonFinite = cat(parts, 0).isfinite().logical_not_();
        var counts = cat(new[] { zero, nonFinite.cumsum(0) }, 0).index_select(0, Bounds(sizes)).diff().to(ScalarType.Float64);
        step.add_(scalarOne);
        var row = cat(new[] { step, loss.reshape(1).to(ScalarType.Float64), counts }, 0);
        record.copy_(where(counts.sum().gt(scalarZero).logical_and_(record[0].lt(scalarZero)), row, record));
    }

    /// <summary>The running totals' indices at the segments' boundaries [0, e₁, e₂, …], on the device, cached by sizes.</summary>
    Tensor Bounds(long[] sizes)
    {
        var key = string.Join(",", sizes);
        if (bounds.TryGetValue(key, out var b)) return b;
        var ends = new long[sizes.Length + 1];
        for (int i = 0; i < sizes.Length; i++) ends[i + 1] = ends[i] + sizes[i];
        return bounds[key] = tensor(ends, device: record.device).DetachFromDisposeScope();
    }

    /// <summary>Throws when a step recorded since the watch began had something non-finite (one host read).</summary>
    /// <param name="epoch">The epoch the trainer is in.</param>
    /// <param name="epochStartStep">Steps done before this epoch, to name the batch within it.</param>
    /// <param name="stepsPerEpoch">Batches per epoch.</param>
    /// <param name="learningRate">The optimiser's learning rate, for the message.</param>
    public void ThrowIfTripped(int epoch, long epochStartStep, int stepsPerEpoch, double learningRate)
    {
        var r = record.cpu().data<double>().ToArray();
        if (r[0] < 0) return;
        long at = (long)r[0];
        var gradients = parameters.Select((p, i) => (p.Name, Count: (long)r[Fixed + i], Size: p.Value.numel())).Where(g => g.Count > 0).ToList();
        string what = r[2] > 0
            ? $"the model's output ({(long)r[2]:N0} entries; the forward pass, after steps whose gradients were all finite); the loss was {Value(r[1])}"
            : r[3] > 0
                ? $"the loss ({Value(r[1])}), computed from a finite model output (the loss function)"
                : $"the gradient of {string.Join(", ", gradients.Select(g => $"{g.Name} ({g.Count:N0} of {g.Size:N0} entries)"))}, " +
                  $"while the model's output and the loss ({Value(r[1])}) were finite (the backward pass)";
        if (r[2] > 0 || r[3] > 0)
            what += gradients.Count > 0 ? $"; non-finite gradients in the same step: {string.Join(", ", gradients.Select(g => g.Name))}" : "";
        var device = record.device.type == DeviceType.CPU ? $"CPU kernels {CpuIsa.Describe()}" : $"device {record.device}";
        throw new NonFiniteTrainingException(at, epoch, at - epochStartStep,
            $"training went non-finite at step {at} (epoch {epoch}, batch {at - epochStartStep} of {stepsPerEpoch}): first {what}. " +
            $"Learning rate {learningRate}; {device}.");
    }

    static string Value(double v) => double.IsFinite(v) ? v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : v.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose()
    {
        record.Dispose();
        step.Dispose();
        zero.Dispose();
        scalarOne.Dispose();
        scalarZero.Dispose();
        foreach (var b in bounds.Values) b.Dispose();
    }
}

/// <summary>Training produced a non-finite value; the message names what went first and at which batch.</summary>
public sealed class NonFiniteTrainingException(long step, int epoch, long batch, string message) : InvalidOperationException(message)
{
    /// <summary>The optimiser step (1-based, counted over the whole run) at which it happened.</summary>
    public long Step { get; } = step;
    /// <summary>The epoch of that step.</summary>
    public int Epoch { get; } = epoch;
    /// <summary>The batch within the epoch (1-based).</summary>
    public long Batch { get; } = batch;
}
