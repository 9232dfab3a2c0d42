using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace SeqRecLab.Evaluation;

/// <summary>
/// Metrics of one model on one list of cases: the per-case ranks (<see cref="Greater"/>, <see cref="Ties"/>), the
/// per-case metric values (<see cref="PerUser"/>, aligned with the cases, for significance tests) and their means
/// (<see cref="Summary"/>). Metric names: <c>HR@K</c> (= Recall@K), <c>NDCG@K</c> for each K, and <c>MRR</c>.
/// </summary>
public sealed class EvaluationResult
{
    /// <summary>User index of each case.</summary>
    public IReadOnlyList<int> Users { get; }

    /// <summary>Per case: competing items scored strictly higher than the target.</summary>
    public IReadOnlyList<int> Greater { get; }

    /// <summary>Per case: competing items scored exactly equal to the target (the target itself not counted).</summary>
    public IReadOnlyList<int> Ties { get; }

    /// <summary>The cut-offs K, ascending, without repeats.</summary>
    public IReadOnlyList<int> Ks { get; }

    /// <summary>The tie rule the metrics were computed with.</summary>
    public TieRule TieRule { get; }

    /// <summary>Metric names in display order: HR@K for each K, NDCG@K for each K, then MRR.</summary>
    public IReadOnlyList<string> MetricNames { get; }

    /// <summary>Metric name → mean over the cases.</summary>
    public IReadOnlyDictionary<string, double> Summary { get; }

    /// <summary>Metric name → per-case values, aligned with <see cref="Users"/>.</summary>
    public IReadOnlyDictionary<string, double[]> PerUser { get; }

    /// <summary>Number of cases.</summary>
    public int Count => Users.Count;

    /// <summary>The mean of <paramref name="metric"/>, e.g. <c>result["NDCG@10"]</c>.</summary>
    public double this[string metric] => Summary.TryGetValue(metric, out var v) ? v
        : throw new KeyNotFoundException($"metric \"{metric}\" was not computed; available: {string.Join(", ", MetricNames)}");

    /// <summary>
    /// Computes the metrics from per-case ranks.
    /// </summary>
    /// <param name="users">User index per case.</param>
    /// <param name="greater">Per case, items scored strictly higher than the target (≥ 0).</param>
    /// <param name="ties">Per case, items tied with the target (≥ 0).</param>
    /// <param name="ks">Cut-offs, each ≥ 1; sorted and de-duplicated.</param>
    /// <param name="tieRule">How ties are resolved (default: expected value under a random order).</param>
    public static EvaluationResult FromRanks(IReadOnlyList<int> users, IReadOnlyList<int> greater, IReadOnlyList<int> ties,
        IEnumerable<int> ks, TieRule tieRule = TieRule.Expected)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(greater);
        ArgumentNullException.ThrowIfNull(ties);
        ArgumentNullException.ThrowIfNull(ks);
        Check.Positive(users.Count, "users.Count");
        if (greater.Count != users.Count) throw new ArgumentException($"{nameof(greater)} has {greater.Count} values, {nameof(users)} {users.Count}", nameof(greater));
        if (ties.Count != users.Count) throw new ArgumentException($"{nameof(ties)} has {ties.Count} values, {nameof(users)} {users.Count}", nameof(ties));
        var kList = ks.Distinct().OrderBy(k => k).ToArray();
        if (kList.Length == 0) throw new ArgumentException($"{nameof(ks)} must hold at least one cut-off", nameof(ks));
        foreach (var k in kList) Check.Positive(k, nameof(ks));

        int n = users.Count;
        var names = new List<string>();
        var per = new Dictionary<string, double[]>();
        foreach (var k in kList) { names.Add($"HR@{k}"); per[$"HR@{k}"] = new double[n]; }
        foreach (var k in kList) { names.Add($"NDCG@{k}"); per[$"NDCG@{k}"] = new double[n]; }
        names.Add("MRR"); per["MRR"] = new double[n];
        for (int c = 0; c < n; c++)
        {
            long g = greater[c], t = ties[c];
            foreach (var k in kList)
            {
                per[$"HR@{k}"][c] = RankMetrics.HitRate(g, t, k, tieRule);
                per[$"NDCG@{k}"][c] = RankMetrics.Ndcg(g, t, k, tieRule);
            }
            per["MRR"][c] = RankMetrics.ReciprocalRank(g, t, tieRule);
        }
        var summary = names.ToDictionary(m => m, m => per[m].Average());
        return new EvaluationResult(users.ToArray(), greater.ToArray(), ties.ToArray(), kList, tieRule, names, summary, per);
    }

    EvaluationResult(int[] users, int[] greater, int[] ties, int[] ks, TieRule rule, List<string> names,
        Dictionary<string, double> summary, Dictionary<string, double[]> perUser)
    {
        Users = users; Greater = greater; Ties = ties; Ks = ks; TieRule = rule;
        MetricNames = names; Summary = summary; PerUser = perUser;
    }

    /// <summary>One row per metric: columns <c>Metric</c> (string) and <paramref name="valueColumn"/> (the mean).</summary>
    /// <param name="valueColumn">Name of the value column, e.g. the model name; default <c>"Value"</c>.</param>
    public DataFrame ToDataFrame(string valueColumn = "Value")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(valueColumn);
        var metric = new StringDataFrameColumn("Metric", MetricNames);
        var value = new DoubleDataFrameColumn(valueColumn, MetricNames.Select(m => Summary[m]));
        return new DataFrame(metric, value);
    }

    /// <summary>E.g. <c>HR@10=0.2821 NDCG@10=0.1516 MRR=0.1300 (n=6040, ties=Expected)</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var m in MetricNames) sb.Append(m).Append('=').Append(Summary[m].ToString("0.0000", CultureInfo.InvariantCulture)).Append(' ');
        sb.Append("(n=").Append(Count).Append(", ties=").Append(TieRule).Append(')');
        return sb.ToString();
    }
}
