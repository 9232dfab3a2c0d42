using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// Adam (Kingma &amp; Ba; no weight decay, no AMSGrad) over all parameters at once, for GPUs where a training step is
/// bound by kernel launches: the gradients are concatenated into one flat tensor and the two moment estimates are kept
/// flat, so a step launches about ten kernels plus one in-place add per parameter tensor. TorchSharp's
/// <c>optim.Adam</c> loops over the parameters with about eight kernels each (some 250 for a 2-block SASRec), where
/// PyTorch's Adam on CUDA uses multi-tensor kernels. The update is Adam's: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// θ ← θ − lr·(m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε). It updates the parameters that require gradients (frozen ones
/// are left alone), and each of those must have a gradient at every step.
/// <see cref="Trainer"/> uses it with <see cref="OptimizerKind.FlatAdam"/> (no weight decay); the default stays
/// TorchSharp's Adam until a GPU benchmark shows what the flat update is worth there (sasrec-step <c>--optimizer</c>).
/// </summary>
public sealed class FlatAdam : optim.Optimizer
{
    readonly nn.Module module;
    readonly TorchSharp.Modules.Parameter[] trainable;
    readonly long[] sizes;
    readonly Tensor m, v;
    readonly double lr, beta1, beta2, eps;
    long t;

    /// <summary>Adam over the parameters of <paramref name="module"/> (all on one device), with PyTorch's defaults.</summary>
    public FlatAdam(nn.Module module, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : base(IntPtr.Zero)
    {
        this.module = module;
        trainable = module.parameters().Where(p => p.requires_grad).ToArray();
        if (trainable.Length == 0) throw new ArgumentException("FlatAdam needs a module with parameters that require gradients", nameof(module));
        Check.Positive(lr);
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        (this.lr, this.beta1, this.beta2, this.eps) = (lr, beta1, beta2, eps);
        sizes = trainable.Select(p => p.numel()).ToArray();
        var first = trainable[0];
        m = zeros(sizes.Sum(), dtype: first.dtype, device: first.device).DetachFromDisposeScope();
        v = zeros(sizes.Sum(), dtype: first.dtype, device: first.device).DetachFromDisposeScope();
    }

    /// <summary>Steps taken so far.</summary>
    public long Steps => t;

    /// <summary>Drops the gradients (set to none, as PyTorch's default): no kernel runs.</summary>
    public override void zero_grad() => module.zero_grad(set_to_none: true);

    /// <inheritdoc />
    public override IEnumerable<TorchSharp.Modules.Parameter> parameters() => trainable;

    /// <summary>One Adam update of every parameter from its current gradient; the closure, if any, is evaluated first
    /// (with gradients enabled) and its loss returned.</summary>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null) using (enable_grad()) loss = closure();
        Update();
        return loss!;
    }

    void Update()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = new Tensor[trainable.Length];
        for (int i = 0; i < trainable.Length; i++)
            grads[i] = (trainable[i].grad ?? throw new InvalidOperationException(
                $"FlatAdam: parameter {i} ({string.Join("×", trainable[i].shape)}) has no gradient")).reshape(-1);
        var g = cat(grads, 0);
        t++;
        m.mul_(beta1).add_(g, alpha: 1 - beta1);
        v.mul_(beta2).addcmul_(g, g, value: 1 - beta2);
        double bc1 = 1 - Math.Pow(beta1, t), bc2 = 1 - Math.Pow(beta2, t);
        var update = m / (v.sqrt() / Math.Sqrt(bc2)).add_(eps);
        var parts = update.split(sizes);
        for (int i = 0; i < trainable.Length; i++) trainable[i].add_(parts[i].view(trainable[i].shape), alpha: -lr / bc1);
    }

    /// <summary>Writes the step count and both moment estimates (for <see cref="Checkpoint"/>).</summary>
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(t);
        TorchSharp.TensorExtensionMethods.Save(m, writer);
        TorchSharp.TensorExtensionMethods.Save(v, writer);
    }

    /// <summary>Reads what <see cref="SaveState"/> wrote, into this optimiser's moments (same parameter count required).</summary>
    public void LoadState(BinaryReader reader)
    {
        long steps = reader.ReadInt64();
        TorchSharp.TensorExtensionMethods.Load(m, reader, false);
        TorchSharp.TensorExtensionMethods.Load(v, reader, false);
        t = steps;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            m.Dispose();
            v.Dispose();
        }
        base.Dispose(disposing);
    }
}
