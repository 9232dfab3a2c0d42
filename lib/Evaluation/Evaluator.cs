using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Evaluation;

/// <summary>
/// Scores evaluation cases with a model and computes HR@K, NDCG@K and MRR, full-ranking (unsampled, default) or
/// sampled (target ranked among given negatives).
/// </summary>
/// <remarks>
/// <para>Per batch, the histories are cut to their last <c>MaxLength</c> items, left-padded with 0 into a
/// [B, MaxLength] int64 tensor on the model's device, and scored with <see cref="ISequentialRecommender.ScoreAll"/>
/// under <c>torch.no_grad()</c>; a model that scores by user (<see cref="IUserScorer"/>, e.g. matrix factorisation)
/// gets the cases' <see cref="EvalCase.User"/> indices instead. A model that is a <see cref="nn.Module"/> is switched
/// to eval mode for the call and its previous training flag is restored afterwards.</para>
/// <para>On the device, for each case: <c>greater</c> = competing items scored strictly higher than the target,
/// <c>ties</c> = competing items scored exactly equal. Competing items are all items 1..NumItems except the target
/// (full ranking) or the case's negatives (sampled). Column 0 (padding) never competes. With
/// <c>removeSeen</c> (default true), items of the case's whole history never compete either — the same as giving
/// them score −∞ — except the target itself, which is always ranked even when it occurs in the history
/// (repeat consumption). Only the two int vectors per batch are copied to the host.</para>
/// <para>A model that returns NaN scores fails the evaluation (one boolean per batch is checked on the host).</para>
/// </remarks>
public static class Evaluator
{
    /// <summary>The cut-offs used when none are given: 1, 5, 10.</summary>
    public static IReadOnlyList<int> DefaultKs { get; } = [1, 5, 10];

    /// <summary>
    /// Evaluates <paramref name="model"/> on <paramref name="cases"/>.
    /// </summary>
    /// <param name="model">The model; its <c>NumItems</c> must cover every id in the cases.</param>
    /// <param name="cases">Non-empty list of cases (e.g. <see cref="LeaveOneOut.Test"/>).</param>
    /// <param name="ks">Cut-offs for HR@K and NDCG@K (default 1, 5, 10).</param>
    /// <param name="batchSize">Cases per ScoreAll call, ≥ 1 (default 256). Does not change the results.</param>
    /// <param name="removeSeen">true (default): the case's history items never compete with the target.</param>
    /// <param name="tieRule">How ties are resolved (default: the expected value under a random order of tied items).</param>
    /// <param name="negatives">null (default): full ranking. Otherwise the sampled protocol: per case (aligned with
    /// <paramref name="cases"/>) the same number of distinct negatives, each in 1..NumItems and never the target, e.g. from
    /// <see cref="NegativeSampler.Sample"/>; the target is ranked among itself and its negatives.</param>
    public static EvaluationResult Evaluate(ISequentialRecommender model, IReadOnlyList<EvalCase> cases,
        IEnumerable<int>? ks = null, int batchSize = 256, bool removeSeen = true, TieRule tieRule = TieRule.Expected,
        IReadOnlyList<int[]>? negatives = null)
    {
        var (greater, ties) = Rank(model, cases, batchSize, removeSeen, negatives);
        return EvaluationResult.FromRanks(cases.Select(c => c.User).ToArray(), greater, ties, ks ?? DefaultKs, tieRule);
    }

    /// <summary>
    /// The device part of <see cref="Evaluate"/>: per case, the number of competing items scored strictly higher than
    /// the target and the number tied with it. Arguments as in <see cref="Evaluate"/>.
    /// </summary>
    public static (int[] Greater, int[] Ties) Rank(ISequentialRecommender model, IReadOnlyList<EvalCase> cases,
        int batchSize = 256, bool removeSeen = true, IReadOnlyList<int[]>? negatives = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(cases);
        Check.Positive(cases.Count, "cases.Count");
        Check.Positive(batchSize);
        Check.Positive(model.MaxLength, "model.MaxLength");
        int numItems = Check.Positive(model.NumItems, "model.NumItems");
        int numNegatives = ValidateCases(cases, numItems, negatives);

        var module = model as nn.Module;
        bool wasTraining = module?.training ?? false;
        module?.eval();
        try
        {
            using var noGrad = torch.no_grad();
            var greater = new int[cases.Count];
            var ties = new int[cases.Count];
            for (int start = 0; start < cases.Count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                int b = Math.Min(batchSize, cases.Count - start);
                var counts = RankBatch(model, cases, start, b, numItems, removeSeen, negatives, numNegatives);
                Array.Copy(counts, 0, greater, start, b);
                Array.Copy(counts, b, ties, start, b);
            }
            return (greater, ties);
        }
        finally
        {
            module?.train(wasTraining);
        }
    }

    /// <summary>Returns [greater(b) | ties(b)] for cases start..start+b-1.</summary>
    static int[] RankBatch(ISequentialRecommender model, IReadOnlyList<EvalCase> cases, int start, int b, int numItems,
        bool removeSeen, IReadOnlyList<int[]>? negatives, int numNegatives)
    {
        var device = model.Device;
        int maxLength = model.MaxLength;
        var hist = new long[b * maxLength];
        var targets = new long[b];
        int longest = 1;
        for (int r = 0; r < b; r++)
        {
            var cs = cases[start + r];
            targets[r] = cs.Target;
            int take = Math.Min(maxLength, cs.History.Length);
            int offset = r * maxLength + (maxLength - take);
            for (int j = 0; j < take; j++) hist[offset + j] = cs.History[cs.History.Length - take + j];
            longest = Math.Max(longest, cs.History.Length);
        }
        // a model that scores by user (matrix factorisation) gets the cases' user indices instead of their histories
        var byUser = model as IUserScorer;
        var method = byUser is null ? "ScoreAll" : "ScoreUsers";
        using var input = byUser is null ? torch.tensor(hist, [b, maxLength], dtype: int64).to(device)
            : torch.tensor(Enumerable.Range(start, b).Select(c => (long)cases[c].User).ToArray(), dtype: int64).to(device);
        var scores = byUser is null ? model.ScoreAll(input) : byUser.ScoreUsers(input);
        if (scores.ndim != 2 || scores.shape[0] != b || scores.shape[1] != numItems + 1)
            throw new InvalidOperationException(
                $"{method} returned shape [{string.Join(", ", scores.shape)}]; expected [{b}, {numItems + 1}] (NumItems + 1 columns)");
        if (scores.device.type != device.type || scores.device.index != device.index)
            scores = scores.to(device);
        if (scores.isnan().any().item<bool>())
            throw new InvalidOperationException($"{method} returned NaN scores");

        // competing[r, i]: item i may compete with case r's target
        var competing = torch.ones([b, numItems + 1], dtype: @bool, device: device);
        competing[TensorIndex.Colon, 0] = torch.tensor(false);
        if (removeSeen)
        {
            var seen = new long[b * longest]; // 0-padded; column 0 is already excluded
            for (int r = 0; r < b; r++)
            {
                var h = cases[start + r].History;
                Array.Copy(Array.ConvertAll(h, x => (long)x), 0, seen, r * longest, h.Length);
            }
            var seenIdx = torch.tensor(seen, [b, longest], dtype: int64).to(device);
            competing.scatter_(1, seenIdx, torch.zeros([b, longest], dtype: @bool, device: device));
        }
        var target = torch.tensor(targets, [b, 1], dtype: int64).to(device);
        var targetScore = scores.gather(1, target); // [b, 1]

        Tensor greater, tied;
        if (negatives is null)
        {
            competing.scatter_(1, target, torch.zeros([b, 1], dtype: @bool, device: device));
            greater = (scores.gt(targetScore) & competing).sum(1);
            tied = (scores.eq(targetScore) & competing).sum(1);
        }
        else
        {
            var neg = new long[b * numNegatives];
            for (int r = 0; r < b; r++)
            {
                var ns = negatives[start + r];
                for (int j = 0; j < numNegatives; j++) neg[r * numNegatives + j] = ns[j];
            }
            var negIdx = torch.tensor(neg, [b, numNegatives], dtype: int64).to(device);
            var negScores = scores.gather(1, negIdx);
            var negCompeting = competing.gather(1, negIdx);
            greater = (negScores.gt(targetScore) & negCompeting).sum(1);
            tied = (negScores.eq(targetScore) & negCompeting).sum(1);
        }
        using var both = torch.cat([greater, tied]).to(int32).cpu();
        return both.data<int>().ToArray();
    }

    /// <summary>Checks ids and the negatives (same number per case, distinct, in range, never the target); returns the
    /// number of negatives per case (0 for full ranking).</summary>
    static int ValidateCases(IReadOnlyList<EvalCase> cases, int numItems, IReadOnlyList<int[]>? negatives)
    {
        ValidateItemIds(cases, numItems);
        if (negatives is null) return 0;
        if (negatives.Count != cases.Count)
            throw new ArgumentException($"{nameof(negatives)} has {negatives.Count} lists; must match {nameof(cases)} ({cases.Count})", nameof(negatives));
        int n = negatives[0]?.Length ?? 0;
        if (n < 1) throw new ArgumentException($"{nameof(negatives)}[0] must hold ≥ 1 item", nameof(negatives));
        var seen = new HashSet<int>();
        for (int c = 0; c < cases.Count; c++)
        {
            var ns = negatives[c];
            if (ns is null || ns.Length != n)
                throw new ArgumentException($"{nameof(negatives)}[{c}] has {ns?.Length ?? 0} items; every case needs the same number ({n})", nameof(negatives));
            seen.Clear();
            foreach (var i in ns)
            {
                if (!seen.Add(i))   // a repeated negative would be counted twice against the target
                    throw new ArgumentException($"{nameof(negatives)}[{c}] holds {i} twice; a case's negatives must be distinct", nameof(negatives));
                if (i < 1 || i > numItems)
                    throw new ArgumentException($"{nameof(negatives)}[{c}] holds {i}, outside 1..{numItems} (model.NumItems)", nameof(negatives));
                if (i == cases[c].Target)
                    throw new ArgumentException($"{nameof(negatives)}[{c}] holds the case's target {i}", nameof(negatives));
            }
        }
        return n;
    }

    /// <summary>Fails, naming the case, when a case is null or a target or history item is outside 1..<paramref name="numItems"/>.</summary>
    internal static void ValidateItemIds(IReadOnlyList<EvalCase> cases, int numItems)
    {
        for (int c = 0; c < cases.Count; c++)
        {
            var cs = cases[c] ?? throw new ArgumentException($"case {c} is null", nameof(cases));
            if (cs.Target < 1 || cs.Target > numItems)
                throw new ArgumentException($"case {c}: target {cs.Target} is outside 1..{numItems} (model.NumItems)", nameof(cases));
            foreach (var i in cs.History)
                if (i < 1 || i > numItems)
                    throw new ArgumentException($"case {c}: history item {i} is outside 1..{numItems} (model.NumItems)", nameof(cases));
        }
    }
}
