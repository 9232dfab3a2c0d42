using SeqRecLab.Data;

namespace SeqRecLab.Tests.Data;

public class PreprocessTests
{
    // file order (position): 0 u3 c t5 | 1 u1 b t2 | 2 u1 a t1 | 3 u2 a t3 | 4 u3 a t4 | 5 u2 b t3 | 6 u4 c t9
    private static readonly Interaction[] Toy =
    [
        new("u3", "c", 5), new("u1", "b", 2), new("u1", "a", 1), new("u2", "a", 3),
        new("u3", "a", 4), new("u2", "b", 3), new("u4", "c", 9),
    ];

    [Fact]
    public void Single_pass_and_iterative_kcore_differ_on_a_hand_built_example()
    {
        // Sorted per user (ties keep file order): u1 a b | u2 a b | u3 a c | u4 c.
        // Counts: users u1 2, u2 2, u3 2, u4 1; items a 3, b 2, c 2.
        // Single pass (2-core): drop u4 (1 < 2); no item is below 2 → u1 a b, u2 a b, u3 a c (c now has 1 left).
        var single = Preprocess.Run(Toy, new Recipe(UserCore: 2, ItemCore: 2, KCore: KCoreMode.SinglePass), "toy");
        Assert.Equal(["u3", "u1", "u2"], single.UserIds!); // first appearance in the file: u3 (pos 0), u1 (pos 1), u2 (pos 3)
        Assert.Equal(["c", "b", "a"], single.ItemIds!);    // first kept appearance: c (0), b (1), a (2) → c=1, b=2, a=3
        Assert.Equal(3, single.NumItems);
        Assert.Equal(new[] { new[] { 3, 1 }, new[] { 3, 2 }, new[] { 3, 2 } }, single.Sequences);

        // Iterative: pass 2 drops (u3, c) (c has 1); pass 3 drops u3 (1 left); pass 4 changes nothing → u1 a b, u2 a b.
        var iterative = Preprocess.Run(Toy, new Recipe(UserCore: 2, ItemCore: 2, KCore: KCoreMode.Iterative), "toy");
        Assert.Equal(["u1", "u2"], iterative.UserIds!);
        Assert.Equal(["b", "a"], iterative.ItemIds!);       // b first kept at pos 1, a at pos 2
        Assert.Equal(new[] { new[] { 2, 1 }, new[] { 2, 1 } }, iterative.Sequences);
    }

    [Fact]
    public void Sequence_order_numbers_items_along_sorted_sequences()
    {
        // users u3, u1, u2; walking u3: a→1, c→2; u1: a, b→3; u2: a, b
        var d = Preprocess.Run(Toy, new Recipe(UserCore: 2, ItemCore: 2, Ids: IdOrder.SequenceOrder), "toy");
        Assert.Equal(["a", "c", "b"], d.ItemIds!);
        Assert.Equal(new[] { new[] { 1, 2 }, new[] { 1, 3 }, new[] { 1, 3 } }, d.Sequences);
    }

    [Fact]
    public void Numeric_order_keeps_integer_ids_and_rejects_others()
    {
        Interaction[] xs = [new("2", "30", 1), new("1", "7", 2), new("1", "30", 3), new("2", "12", 4)];
        var d = Preprocess.Run(xs, Recipe.AsIs, "n");
        Assert.Equal(["1", "2"], d.UserIds!);
        Assert.Equal(["7", "12", "30"], d.ItemIds!); // 7→1, 12→2, 30→3
        Assert.Equal(new[] { new[] { 1, 3 }, new[] { 3, 2 } }, d.Sequences);
        var e = Assert.Throws<InvalidDataException>(() => Preprocess.Run([new Interaction("u", "x", 1)], Recipe.AsIs, "n"));
        Assert.Equal("IdOrder.Numeric needs integer ids; user id 'u' is not an integer", e.Message);
    }

    [Fact]
    public void Ties_keep_file_order_and_time_sorts_within_user()
    {
        Interaction[] xs = [new("u", "late", 10), new("u", "tie1", 5), new("u", "early", 1), new("u", "tie2", 5)];
        var d = Preprocess.Run(xs, new Recipe(), "t");
        Assert.Equal(["early", "tie1", "tie2", "late"], d.Sequences[0].Select(i => d.ItemIds![i - 1]));
    }

    [Fact]
    public void Dedupe_rating_threshold_time_window_and_min_length()
    {
        Interaction[] xs = [new("u", "x", 1), new("u", "x", 2), new("u", "y", 3), new("u", "x", 4), new("v", "y", 5)];
        string[] Items(SequenceDataset d, int u) => d.Sequences[u].Select(i => d.ItemIds![i - 1]).ToArray();
        Assert.Equal(["x", "y", "x"], Items(Preprocess.Run(xs, new Recipe(Dedupe: DedupeRule.Consecutive), "d"), 0));
        Assert.Equal(["x", "y"], Items(Preprocess.Run(xs, new Recipe(Dedupe: DedupeRule.KeepFirst), "d"), 0));
        Assert.Equal(["x", "x", "y", "x"], Items(Preprocess.Run(xs, new Recipe(), "d"), 0));

        var window = Preprocess.Run(xs, new Recipe(MinTimestamp: 2, MaxTimestamp: 4), "d");
        Assert.Equal(1, window.NumUsers); // v (t=5) falls outside
        Assert.Equal(["x", "y", "x"], Items(window, 0));

        var minLen = Preprocess.Run(xs, new Recipe(MinSequenceLength: 2), "d");
        Assert.Equal(["u"], minLen.UserIds!);

        Interaction[] rated = [new("u", "a", 1, 5f), new("u", "b", 2, 3f), new("u", "c", 3, 4f), new("u", "d", 4)];
        var kept = Preprocess.Run(rated, new Recipe(MinRating: 4f), "r");
        Assert.Equal(["a", "c", "d"], Items(kept, 0)); // 3 < 4 dropped; unrated kept
    }

    [Fact]
    public void Bad_recipe_fails_naming_the_field()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Preprocess.Run(Toy, new Recipe(UserCore: -1), "x"));
        Assert.Equal("UserCore", e.ParamName);
    }

    [Fact]
    public void Statistics_values_on_a_hand_built_dataset()
    {
        var a = new SequenceDataset("a", 4, [[1, 2, 3], [2], [1, 3, 2, 4]]);
        var b = new SequenceDataset("b", 2, [[1], [1, 2]]);
        var t = DatasetStatistics.Table(a, b);
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal(["Dataset", "Users", "Items", "Interactions", "MeanLength", "MedianLength", "Density"], t.Columns.Select(c => c.Name));
        // a: 3 users, 4 items, 3+1+4 = 8 interactions, mean 8/3, median of (1,3,4) = 3, density 8/(3*4) = 2/3
        Assert.Equal("a", t["Dataset"][0]);
        Assert.Equal(3L, t["Users"][0]);
        Assert.Equal(4L, t["Items"][0]);
        Assert.Equal(8L, t["Interactions"][0]);
        Assert.Equal(8.0 / 3, (double)t["MeanLength"][0]!, 12);
        Assert.Equal(3.0, (double)t["MedianLength"][0]!, 12);
        Assert.Equal(2.0 / 3, (double)t["Density"][0]!, 12);
        // b: lengths (1,2): mean 1.5, median (1+2)/2 = 1.5, density 3/(2*2) = 0.75
        Assert.Equal(1.5, (double)t["MedianLength"][1]!, 12);
        Assert.Equal(0.75, (double)t["Density"][1]!, 12);
        Assert.Equal(1, DatasetStatistics.Compute(a).Rows.Count);
    }
}
