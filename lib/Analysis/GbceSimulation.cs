using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Analysis;

/// <summary>What <see cref="GbceSimulation.Run"/> learned, beside the closed form.</summary>
/// <param name="P">The true next-item distribution (index 0 = item 1).</param>
/// <param name="Negatives">k.</param>
/// <param name="T">Calibration t.</param>
/// <param name="Alpha">α = k / (N − 1).</param>
/// <param name="Beta">β = t(α − 1) + 1.</param>
/// <param name="ExcludePositive">true: negatives drawn from the N − 1 items other than the positive (the theorem);
/// false: from all N items (the authors' code).</param>
/// <param name="Learned">σ(s_i) of the learned scores, averaged as described in <see cref="GbceSimulation.Run"/>.</param>
/// <param name="Theory">The fixed point for the sampling used: <see cref="GbceTheory.FixedPoint"/> or
/// <see cref="GbceTheory.FixedPointAllItems"/>.</param>
public sealed record GbceSimulationResult(double[] P, int Negatives, double T, double Alpha, double Beta, bool ExcludePositive,
    double[] Learned, double[] Theory)
{
    /// <summary>Σᵢ σ(s_i) of the learned scores: ≈ 1 for a calibrated model, ≫ 1 for BCE with few negatives.</summary>
    public double SumLearned => Learned.Sum();

    /// <summary>Σᵢ of the theoretical fixed points.</summary>
    public double SumTheory => Theory.Sum();

    /// <summary>Largest |learned − theory| / theory over the <paramref name="top"/> most likely items (by P).</summary>
    public double MaxRelativeError(int top)
    {
        Check.InRange(top, 1, P.Length);
        return Enumerable.Range(0, P.Length).OrderByDescending(i => P[i]).Take(top)
            .Max(i => Math.Abs(Learned[i] - Theory[i]) / Theory[i]);
    }
}

/// <summary>
/// Theorem 5.5.1 by simulation: one context with a known next-item distribution P over N items, free scores s (one per
/// item, starting at 0) trained with gBCE on sampled positives and k uniform negatives by Adam; the learned σ(s)
/// should approach the closed form of <see cref="GbceTheory"/>.
/// </summary>
public static class GbceSimulation
{
    /// <summary>
    /// Runs the simulation on the CPU. Each step draws <paramref name="batchSize"/> positives from
    /// <paramref name="p"/> and, per positive, k negatives uniformly with replacement; the loss is
    /// <see cref="GbceLoss.FromLogits"/> (mean over the batch), optimised by Adam. The reported scores are the
    /// average of s over the last quarter of the steps (Polyak averaging; it removes most of the step-to-step noise
    /// of a constant learning rate), turned into probabilities by σ.
    /// </summary>
    /// <param name="p">True distribution: N ≥ 2 probabilities ≥ 0 summing to 1 (± 1e-6).</param>
    /// <param name="negatives">k, 1 ≤ k ≤ N − 1.</param>
    /// <param name="t">Calibration t ∈ [0, 1].</param>
    /// <param name="steps">Adam steps ≥ 4 (default 2,000).</param>
    /// <param name="batchSize">Positives per step ≥ 1 (default 512).</param>
    /// <param name="learningRate">Adam learning rate &gt; 0 (default 0.05).</param>
    /// <param name="seed">Seeds a private torch generator (the global one is not touched); same seed, same result.</param>
    /// <param name="excludePositive">true (default, the theorem): negatives from the other N − 1 items; false: from all
    /// N items, as the authors' code does.</param>
    public static GbceSimulationResult Run(double[] p, int negatives, double t, int steps = 2000, int batchSize = 512,
        double learningRate = 0.05, int seed = 0, bool excludePositive = true)
    {
        ArgumentNullException.ThrowIfNull(p);
        int n = Check.InRange(p.Length, 2, int.MaxValue, "p.Length");
        foreach (var x in p) Check.InRange(x, 0.0, 1.0, "p[i]");
        if (Math.Abs(p.Sum() - 1) > 1e-6) throw new ArgumentException($"p must sum to 1; sums to {p.Sum()}", nameof(p));
        Check.InRange(negatives, 1, n - 1);
        Check.InRange(t, 0.0, 1.0);
        Check.InRange(steps, 4, int.MaxValue);
        Check.Positive(batchSize);
        Check.Positive(learningRate);

        double alpha = GbceLoss.SamplingRate(n, negatives), beta = GbceLoss.BetaFor(alpha, t);
        using var gen = new Generator((ulong)seed, CPU);
        using var probs = tensor(p, dtype: ScalarType.Float64);
        using var scores = new TorchSharp.Modules.Parameter(zeros(n, dtype: ScalarType.Float32));
        using var adam = optim.Adam(new[] { scores }, learningRate);
        using var mask = ones(batchSize, dtype: ScalarType.Float32);
        using var average = zeros(n, dtype: ScalarType.Float64);
        int averageFrom = steps - steps / 4;
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var pos = multinomial(probs, batchSize, replacement: true, generator: gen).unsqueeze(1);          // [B, 1]
            var draw = randint(0, excludePositive ? n - 1 : n, new long[] { batchSize, negatives }, dtype: ScalarType.Int64, generator: gen);
            var neg = excludePositive ? draw + draw.ge(pos).to(ScalarType.Int64) : draw;                    // skip the positive
            var ids = cat(new[] { pos, neg }, 1);                                                             // [B, 1+k]
            var logits = scores.index_select(0, ids.reshape(-1)).view(batchSize, negatives + 1);
            var loss = GbceLoss.FromLogits(logits, mask, beta);
            adam.zero_grad();
            loss.backward();
            adam.step();
            if (step >= averageFrom)
                using (no_grad()) average.add_(scores.detach().to(ScalarType.Float64));
        }
        double[] learned;
        using (NewDisposeScope()) learned = average.div(steps - averageFrom).sigmoid().data<double>().ToArray();
        var theory = p.Select(x => excludePositive ? GbceTheory.FixedPoint(x, alpha, beta)
            : GbceTheory.FixedPointAllItems(x, negatives, n, beta)).ToArray();
        return new GbceSimulationResult((double[])p.Clone(), negatives, t, alpha, beta, excludePositive, learned, theory);
    }
}
