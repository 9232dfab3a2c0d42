using SeqRecLab.Data;

namespace SeqRecLab.Tests.Data;

/// <summary>Checks against the shared preprocessed copies in ../shared/data (skipped when absent; never copied into the repo).</summary>
public class SharedDataTests
{
    private static string Shared(string relative)
    {
        var path = Path.Combine(DataTestPaths.SharedData(), relative);
        Skip.If(!File.Exists(path), $"{path} is not present (shared real data is only on development machines)");
        return path;
    }

    [SkippableFact]
    public void S3Rec_Beauty_counts_and_it_is_already_an_iterative_5_core()
    {
        var path = Shared("s3rec/Beauty.txt");
        var d = Datasets.LoadFile(path, DataFormat.UserItemLines, Recipe.AsIs, "beauty-s3rec");
        Assert.Equal(22363, d.NumUsers);
        Assert.Equal(12101, d.NumItems);
        Assert.Equal(198502L, d.NumInteractions);
        // S3Rec numbered items 1..12101 along the sequences, so sequence order gives the same ids
        var again = Datasets.LoadFile(path, DataFormat.UserItemLines, new Recipe(UserCore: 5, ItemCore: 5, KCore: KCoreMode.Iterative, Ids: IdOrder.SequenceOrder));
        Assert.Equal(d.Sequences, again.Sequences);
    }

    [SkippableFact]
    public void Ml1m_proxy_counts()
    {
        var d = Datasets.LoadFile(Shared("ml-1m-proxy/sequences.txt"), DataFormat.ItemLines, Recipe.AsIs, "ml-1m-proxy");
        Assert.Equal(6040, d.NumUsers);
        Assert.Equal(3416, d.NumItems);
        Assert.Equal(987019L, d.NumInteractions);
        var stats = DatasetStatistics.Compute(d);
        Assert.Equal(987019L / 6040.0, (double)stats["MeanLength"][0]!, 9);
    }

    [SkippableFact]
    public void Bert4Rec_beauty_counts()
    {
        var d = Datasets.LoadFile(Shared("bert4rec/beauty.txt"), DataFormat.UserItemPairs, Recipe.AsIs, "beauty-bert4rec");
        var expected = DatasetRegistry.Get("beauty-bert4rec").Expected!;
        Assert.Equal(expected.Users, d.NumUsers);
        Assert.Equal(expected.Items, d.NumItems);
        Assert.Equal(expected.Interactions, d.NumInteractions);
    }
}
