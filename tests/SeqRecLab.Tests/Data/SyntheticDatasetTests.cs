using SeqRecLab.Data;
using Xunit.Abstractions;

namespace SeqRecLab.Tests.Data;

public class SyntheticDatasetTests(ITestOutputHelper output)
{
    [Fact]
    public void Same_seed_same_sequences_different_seed_different()
    {
        var a = SyntheticDataset.Generate(7);
        var b = SyntheticDataset.Generate(7);
        var c = SyntheticDataset.Generate(8);
        Assert.Equal(a.Sequences, b.Sequences);
        Assert.NotEqual(a.Sequences, c.Sequences);
        Assert.Equal(2000, a.NumUsers);
        Assert.Equal(1000, a.NumItems);
        a.Validate();
    }

    [Fact]
    public void Default_size_and_lengths_are_as_documented()
    {
        var d = SyntheticDataset.Generate(1);
        var lengths = d.Sequences.Select(s => s.Length).ToArray();
        output.WriteLine($"mean length {lengths.Average():F2}, min {lengths.Min()}, max {lengths.Max()}");
        Assert.InRange(lengths.Average(), 35.0, 45.0);
        Assert.True(lengths.Min() >= 5 && lengths.Max() <= 200);
        Assert.True(lengths.Distinct().Count() > 50, "lengths vary");
    }

    [Fact]
    public void Popularity_is_long_tailed()
    {
        var d = SyntheticDataset.Generate(3);
        var counts = d.Sequences.SelectMany(s => s).GroupBy(i => i).Select(g => g.Count()).OrderByDescending(x => x).ToArray();
        long total = counts.Sum(x => (long)x);
        double top10 = counts.Take(d.NumItems / 10).Sum(x => (double)x) / total;
        output.WriteLine($"top 10% of items take {top10:P1} of interactions; {counts.Length} items appear");
        Assert.True(top10 > 0.40, $"top 10% share {top10:P1}");
    }

    [Fact]
    public void Sequential_structure_is_real_transition_counts_beat_most_popular_2x()
    {
        var d = SyntheticDataset.Generate(5);
        // leave-last-out: train on all but each user's last item; predict the last item from the second-to-last one
        var pop = new int[d.NumItems + 1];
        var trans = new Dictionary<int, Dictionary<int, int>>();
        foreach (var s in d.Sequences)
            for (int j = 0; j < s.Length - 1; j++)
            {
                pop[s[j]]++;
                if (j + 1 < s.Length - 1)
                {
                    if (!trans.TryGetValue(s[j], out var row)) trans[s[j]] = row = new Dictionary<int, int>();
                    row[s[j + 1]] = row.GetValueOrDefault(s[j + 1]) + 1;
                }
            }
        // ties broken by the smaller item id
        var top10 = Enumerable.Range(1, d.NumItems).OrderByDescending(i => pop[i]).ThenBy(i => i).Take(10).ToArray();
        int hitPop = 0, hitTrans = 0;
        foreach (var s in d.Sequences)
        {
            int prev = s[^2], target = s[^1];
            if (top10.Contains(target)) hitPop++;
            var ranked = trans.TryGetValue(prev, out var row)
                ? row.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => kv.Key).ToList() : new List<int>();
            // fill up to 10 with the most popular items not yet listed
            foreach (var i in top10) { if (ranked.Count >= 10) break; if (!ranked.Contains(i)) ranked.Add(i); }
            if (ranked.Take(10).Contains(target)) hitTrans++;
        }
        double hrPop = (double)hitPop / d.NumUsers, hrTrans = (double)hitTrans / d.NumUsers;
        output.WriteLine($"HR@10 most-popular {hrPop:F4}, transition counts {hrTrans:F4}");
        Assert.True(hrTrans >= 2 * hrPop, $"transition HR@10 {hrTrans:F4} vs popularity {hrPop:F4}");
    }

    [Fact]
    public void Bad_options_fail_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDataset.Generate(1, new SyntheticOptions(FollowProbability: 1.5)));
        Assert.Equal("FollowProbability", e.ParamName);
        var n = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticDataset.Generate(1, new SyntheticOptions(NumItems: 10)));
        Assert.Equal("NumItems", n.ParamName);
    }
}
