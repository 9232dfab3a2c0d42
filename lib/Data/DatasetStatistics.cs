using Microsoft.Data.Analysis;

namespace SeqRecLab.Data;

/// <summary>
/// Summary statistics of datasets as a <see cref="DataFrame"/>, one row per dataset, with the columns
/// <c>Dataset</c>, <c>Users</c>, <c>Items</c> (= <see cref="SequenceDataset.NumItems"/>), <c>Interactions</c>,
/// <c>MeanLength</c>, <c>MedianLength</c> (mean of the two middle lengths when the user count is even) and
/// <c>Density</c> (= interactions / (users × items), a fraction in [0, 1]; 0 for an empty dataset).
/// </summary>
public static class DatasetStatistics
{
    /// <summary>A table with one row per dataset, in the order given.</summary>
    public static DataFrame Table(params SequenceDataset[] datasets)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var names = new List<string>();
        var users = new List<long>();
        var items = new List<long>();
        var inter = new List<long>();
        var mean = new List<double>();
        var median = new List<double>();
        var density = new List<double>();
        foreach (var d in datasets)
        {
            ArgumentNullException.ThrowIfNull(d);
            var lengths = d.Sequences.Select(s => s.Length).OrderBy(x => x).ToArray();
            long n = lengths.Sum(x => (long)x);
            names.Add(d.Name);
            users.Add(lengths.Length);
            items.Add(d.NumItems);
            inter.Add(n);
            mean.Add(lengths.Length == 0 ? 0 : (double)n / lengths.Length);
            median.Add(lengths.Length == 0 ? 0
                : lengths.Length % 2 == 1 ? lengths[lengths.Length / 2]
                : (lengths[lengths.Length / 2 - 1] + lengths[lengths.Length / 2]) / 2.0);
            density.Add(lengths.Length == 0 || d.NumItems == 0 ? 0 : n / ((double)lengths.Length * d.NumItems));
        }
        return new DataFrame(
            new StringDataFrameColumn("Dataset", names),
            new Int64DataFrameColumn("Users", users),
            new Int64DataFrameColumn("Items", items),
            new Int64DataFrameColumn("Interactions", inter),
            new DoubleDataFrameColumn("MeanLength", mean),
            new DoubleDataFrameColumn("MedianLength", median),
            new DoubleDataFrameColumn("Density", density));
    }

    /// <summary>The one-row table of <paramref name="dataset"/>.</summary>
    public static DataFrame Compute(SequenceDataset dataset) => Table(dataset);
}
