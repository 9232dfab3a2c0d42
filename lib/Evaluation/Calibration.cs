using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Evaluation;

/// <summary>
/// Calibration of predicted probabilities (thesis ch. 5, RQ5.2 and RQ5.7): per case the top-K items of a full
/// ranking, their predicted probabilities and whether each is the held-out target; averaged into Predicted
/// Probability@K vs Precision@K, reliability bins and the expected calibration error.
/// </summary>
/// <remarks>
/// <para>The ranking is the <see cref="Evaluator"/>'s: histories cut to the model's last <c>MaxLength</c> items and
/// left-padded, scored by <see cref="ISequentialRecommender.ScoreAll"/> under no_grad in eval mode; padding never
/// ranks; with <c>removeSeen</c> the items of the case's whole history are not ranked, except the target. Items with
/// equal scores are ordered as <c>torch.topk</c> returns them (an unspecified order).</para>
/// <para>Probabilities come from the unfiltered scores of items 1..N: σ(s) for <see cref="ProbabilityKind.Sigmoid"/>,
/// the softmax over items 1..N for <see cref="ProbabilityKind.Softmax"/>. Everything is accumulated on the model's
/// device in float64; per batch only the per-case sums of probabilities and one boolean come to the host.</para>
/// </remarks>
public static class Calibration
{
    /// <summary>Computes the calibration of <paramref name="model"/> on <paramref name="cases"/>.</summary>
    /// <param name="model">The model; its <c>NumItems</c> must cover every id in the cases.</param>
    /// <param name="cases">Non-empty list of cases (e.g. <see cref="LeaveOneOut.Test"/>).</param>
    /// <param name="kind">σ (BCE/gBCE models, default) or softmax (softmax-trained models).</param>
    /// <param name="maxK">Largest cut-off, 1 ≤ maxK ≤ NumItems (default 100, as Fig. 5.4); every case needs at least
    /// maxK rankable items.</param>
    /// <param name="eceCutoff">Ranks 1..eceCutoff enter the ECE, 1 ≤ eceCutoff ≤ maxK (default 10, as the thesis).</param>
    /// <param name="bins">Number of equal-width bins M ≥ 1 (default 10; the thesis does not state its M).</param>
    /// <param name="batchSize">Cases per ScoreAll call ≥ 1 (default 256); does not change the results.</param>
    /// <param name="removeSeen">true (default): history items other than the target are not ranked.</param>
    public static CalibrationResult Evaluate(ISequentialRecommender model, IReadOnlyList<EvalCase> cases,
        ProbabilityKind kind = ProbabilityKind.Sigmoid, int maxK = 100, int eceCutoff = 10, int bins = 10,
        int batchSize = 256, bool removeSeen = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cases);
        Check.Positive(cases.Count, "cases.Count");
        int numItems = Check.Positive(model.NumItems, "model.NumItems");
        Check.Positive(model.MaxLength, "model.MaxLength");
        Check.InRange(maxK, 1, numItems);
        Check.InRange(eceCutoff, 1, maxK);
        Check.Positive(bins);
        Check.Positive(batchSize);
        Evaluator.ValidateItemIds(cases, numItems);

        var device = model.Device;
        var module = model as nn.Module;
        bool wasTraining = module?.training ?? false;
        module?.eval();
        try
        {
            using var noGrad = no_grad();
            using var probAtK = zeros(maxK, dtype: ScalarType.Float64, device: device);
            using var precAtK = zeros(maxK, dtype: ScalarType.Float64, device: device);
            using var probAtRank = zeros(maxK, dtype: ScalarType.Float64, device: device);
            using var binCount = zeros(bins, dtype: ScalarType.Float64, device: device);
            using var binProb = zeros(bins, dtype: ScalarType.Float64, device: device);
            using var binPos = zeros(bins, dtype: ScalarType.Float64, device: device);
            using var ranks = arange(1, maxK + 1, dtype: ScalarType.Float64, device: device);
            var sums = new double[cases.Count];
            for (int start = 0; start < cases.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int b = Math.Min(batchSize, cases.Count - start);
                var (scores, competing, target) = ScoreBatch(model, cases, start, b, removeSeen);   // [b, N] each, [b, 1]
                var prob = (kind == ProbabilityKind.Softmax ? scores.softmax(1) : scores.sigmoid()).to(ScalarType.Float64);
                var top = scores.masked_fill(competing.logical_not(), double.NegativeInfinity).topk(maxK, dim: 1);
                if (top.values.isinf().any().item<bool>())
                    throw new ArgumentException($"a case among {start}..{start + b - 1} has fewer than maxK ({maxK}) rankable items; lower maxK", nameof(maxK));
                var p = prob.gather(1, top.indexes);                                                  // [b, K]
                var hit = top.indexes.eq(target - 1).to(ScalarType.Float64);                          // [b, K]
                probAtK.add_((p.cumsum(1) / ranks).sum(dim: 0));
                precAtK.add_((hit.cumsum(1) / ranks).sum(dim: 0));
                probAtRank.add_(p.sum(dim: 0));
                AccumulateBins(p[.., ..eceCutoff], hit[.., ..eceCutoff], binCount, binProb, binPos);
                Array.Copy(prob.sum(1).cpu().data<double>().ToArray(), 0, sums, start, b);
            }
            double[] Mean(Tensor t) { using var m = t / cases.Count; using var c = m.cpu(); return c.data<double>().ToArray(); }
            return new CalibrationResult(cases.Count, kind, Mean(probAtK), Mean(precAtK), Mean(probAtRank), eceCutoff,
                ToBins(binCount, binProb, binPos), sums);
        }
        finally
        {
            module?.train(wasTraining);
        }
    }

    /// <summary>
    /// Bins predictions on their device: <paramref name="probabilities"/> in [0, 1] and <paramref name="labels"/>
    /// (1 = positive, 0 = negative) of the same shape; M = <paramref name="bins"/> ≥ 1 equal-width bins, bin
    /// ⌊p·M⌋ capped at M − 1 (computed in float64). One copy of 3·M numbers to the host.
    /// </summary>
    public static ReliabilityBins Bin(Tensor probabilities, Tensor labels, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        Check.Positive(bins);
        if (!probabilities.shape.SequenceEqual(labels.shape))
            throw new ArgumentException($"labels have shape [{string.Join(", ", labels.shape)}]; must match probabilities [{string.Join(", ", probabilities.shape)}]", nameof(labels));
        using var scope = NewDisposeScope();
        var dev = probabilities.device;
        var count = zeros(bins, dtype: ScalarType.Float64, device: dev);
        var probSum = zeros(bins, dtype: ScalarType.Float64, device: dev);
        var posSum = zeros(bins, dtype: ScalarType.Float64, device: dev);
        AccumulateBins(probabilities.to(ScalarType.Float64), labels.to(ScalarType.Float64), count, probSum, posSum);
        return ToBins(count, probSum, posSum);
    }

    static void AccumulateBins(Tensor p, Tensor y, Tensor count, Tensor probSum, Tensor posSum)
    {
        int m = (int)count.shape[0];
        var flatP = p.reshape(-1);
        var bin = (flatP * m).floor().clamp(0, m - 1).to(ScalarType.Int64);
        count.index_add_(0, bin, ones_like(flatP), 1.0);
        probSum.index_add_(0, bin, flatP, 1.0);
        posSum.index_add_(0, bin, y.reshape(-1), 1.0);
    }

    static ReliabilityBins ToBins(Tensor count, Tensor probSum, Tensor posSum)
    {
        using var all = stack(new[] { count, probSum, posSum }).cpu();
        var v = all.data<double>().ToArray();
        int m = (int)count.shape[0];
        return new ReliabilityBins(v[..m].Select(x => (long)Math.Round(x)).ToArray(), v[m..(2 * m)], v[(2 * m)..]);
    }

    /// <summary>Scores of items 1..N [b, N], the rankable mask [b, N] and the targets as 1-based ids [b, 1].</summary>
    static (Tensor Scores, Tensor Competing, Tensor Target) ScoreBatch(ISequentialRecommender model, IReadOnlyList<EvalCase> cases,
        int start, int b, bool removeSeen)
    {
        var device = model.Device;
        int maxLength = model.MaxLength, numItems = model.NumItems, longest = 1;
        var hist = new long[b * maxLength];
        var targets = new long[b];
        for (int r = 0; r < b; r++)
        {
            var cs = cases[start + r];
            targets[r] = cs.Target;
            int take = Math.Min(maxLength, cs.History.Length);
            for (int j = 0; j < take; j++) hist[r * maxLength + maxLength - take + j] = cs.History[cs.History.Length - take + j];
            longest = Math.Max(longest, cs.History.Length);
        }
        var scores = model.ScoreAll(tensor(hist, new long[] { b, maxLength }, dtype: ScalarType.Int64).to(device));
        if (scores.ndim != 2 || scores.shape[0] != b || scores.shape[1] != numItems + 1)
            throw new InvalidOperationException($"ScoreAll returned shape [{string.Join(", ", scores.shape)}]; expected [{b}, {numItems + 1}]");
        scores = scores.to(device)[.., 1..];
        var target = tensor(targets, new long[] { b, 1 }, dtype: ScalarType.Int64).to(device);
        var competing = ones(new long[] { b, numItems + 1 }, dtype: ScalarType.Bool, device: device);
        if (removeSeen)
        {
            var seen = new long[b * longest];                              // 0-padded: column 0 is dropped below
            for (int r = 0; r < b; r++)
                for (int j = 0; j < cases[start + r].History.Length; j++) seen[r * longest + j] = cases[start + r].History[j];
            competing.scatter_(1, tensor(seen, new long[] { b, longest }, dtype: ScalarType.Int64).to(device), zeros(new long[] { b, longest }, dtype: ScalarType.Bool, device: device));
            competing.scatter_(1, target, ones(new long[] { b, 1 }, dtype: ScalarType.Bool, device: device));
        }
        return (scores, competing[.., 1..], target);
    }
}
