using SeqRecLab.Data;

namespace SeqRecLab.Tests.Data;

public class RegistryTests
{
    [Fact]
    public void Embedded_registry_equals_data_registry_json()
    {
        using var stream = typeof(DatasetRegistry).Assembly.GetManifestResourceStream(DatasetRegistry.ResourceName)!;
        using var reader = new StreamReader(stream);
        var embedded = reader.ReadToEnd();
        var source = File.ReadAllText(Path.Combine(DataTestPaths.RepoRoot(), "data", "registry.json"));
        Assert.Equal(source, embedded);
    }

    [Fact]
    public void Registry_has_the_required_datasets_and_recipes()
    {
        string[] required = ["ml-1m", "ml-1m-sasrec", "ml-20m", "beauty", "beauty-bert4rec", "beauty-s3rec", "steam-bert4rec", "gowalla", "yelp", "yelp-s3rec", "booking"];
        foreach (var n in required) Assert.Contains(n, DatasetRegistry.Names);

        var ml1m = DatasetRegistry.Get("ML-1M"); // case ignored
        Assert.Equal("ml-1m", ml1m.Name);
        Assert.Equal(DataFormat.MovieLensDat, ml1m.Format);
        var f = Assert.Single(ml1m.Files);
        Assert.Equal("https://files.grouplens.org/datasets/movielens/ml-1m.zip", f.Url);
        // TensorFlow Datasets url_checksums/movielens.txt
        Assert.Equal("a6898adb50b9ca05aa231689da44c217cb524e7ebd39d264c56e2832f2c54e20", f.Sha256);
        Assert.Equal(5917549L, f.SizeBytes);
        Assert.Equal(Unpack.Zip, f.Unpack);
        Assert.Equal("ratings.dat", f.ReadableFileName);
        Assert.Equal(new Recipe(UserCore: 5, ItemCore: 5, KCore: KCoreMode.SinglePass, Ids: IdOrder.FileOrder), ml1m.Recipe);
        Assert.Equal(999611L, ml1m.Expected!.Interactions);
        Assert.True(ml1m.IsVerified);

        var ml20m = DatasetRegistry.Get("ml-20m");
        Assert.Equal("96f243c338a8665f6bcc89c53edf6ee39162a846940de6b7c8c48aeada765ff3", ml20m.Files[0].Sha256);
        Assert.Equal(198702078L, ml20m.Files[0].SizeBytes);
        Assert.Equal("ratings.csv", ml20m.Files[0].ReadableFileName);

        Assert.Equal(KCoreMode.Iterative, DatasetRegistry.Get("beauty-s3rec").Recipe.KCore);
        Assert.Equal("reviews_Beauty_5.json", DatasetRegistry.Get("beauty-s3rec").Files[0].ReadableFileName);
        Assert.Equal(KCoreMode.SinglePass, DatasetRegistry.Get("beauty").Recipe.KCore);
        Assert.Equal(5, DatasetRegistry.Get("beauty").Recipe.ItemCore);
        Assert.False(DatasetRegistry.Get("ml-1m-sasrec").IsVerified);
        Assert.NotNull(DatasetRegistry.Get("yelp").ManualDownload);
        Assert.Equal(2, DatasetRegistry.Get("booking").Files.Count);
        foreach (var d in DatasetRegistry.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(d.License), d.Name);
            Assert.False(string.IsNullOrWhiteSpace(d.Citation), d.Name);
            Assert.NotEmpty(d.Studies);
            Assert.True(File.Exists(Path.Combine(DataTestPaths.RepoRoot(), "data", "cards", d.Name + ".md")), $"card for {d.Name}");
        }
    }

    [Fact]
    public void Unknown_name_lists_the_known_names()
    {
        var e = Assert.Throws<ArgumentException>(() => DatasetRegistry.Get("ml-2m"));
        Assert.StartsWith("unknown dataset 'ml-2m'; known datasets: ml-1m, ml-1m-sasrec, ml-20m,", e.Message);
        Assert.Contains("booking", e.Message);
        Assert.False(DatasetRegistry.TryGet("nope", out _));
    }

    [Fact]
    public void Parse_rejects_a_bad_checksum()
    {
        var json = """
            {"version":1,"datasets":[{"name":"x","title":"t","homepage":"h","files":[{"url":"u","fileName":"f","sha256":"ABC","sizeBytes":null,"checksumSource":null}],
             "format":"UserItemPairs","recipe":{},"expected":null,"license":"l","citation":"c","manualDownload":null,"studies":["01"],"notes":null}]}
            """;
        var e = Assert.Throws<InvalidDataException>(() => DatasetRegistry.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
        Assert.Contains("sha256 must be 64 lower-case hex digits", e.Message);
    }

    [Fact]
    public void Cache_root_is_found_by_walking_up_to_data_registry_json()
    {
        using var tmp = new DataTestPaths.TempFolder();
        Directory.CreateDirectory(Path.Combine(tmp.Path, "data"));
        File.WriteAllText(Path.Combine(tmp.Path, "data", "registry.json"), "{}");
        var deep = Directory.CreateDirectory(Path.Combine(tmp.Path, "notebooks", "x")).FullName;
        Assert.Equal(Path.Combine(tmp.Path, "data"), DataCache.FindRepoData(deep));
        using var other = new DataTestPaths.TempFolder();
        Assert.Null(DataCache.FindRepoData(other.Path));
    }
}
