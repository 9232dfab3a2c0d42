using SeqRecLab.Data;

namespace SeqRecLab.Tests.Data;

/// <summary><see cref="Datasets.Open"/>: the one dataset choice of every notebook; no fallback between kinds.</summary>
public class OpenDatasetTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("seqrec-open-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Synthetic_is_the_seeded_generator()
    {
        var options = new SyntheticOptions(NumUsers: 50, NumItems: 60, MeanLength: 8);
        var a = Datasets.Open("synthetic", seed: 7, synthetic: options);
        var b = SyntheticDataset.Generate(7, options);
        Assert.Equal(b.Sequences, a.Sequences);
        Assert.Equal(b.NumItems, a.NumItems);
    }

    [Fact]
    public void A_file_is_read_in_the_given_format_with_ids_as_numbered()
    {
        var path = Path.Combine(folder, "seqs.txt");
        File.WriteAllText(path, "3 1 2\n2 3\n");
        var data = Datasets.Open(path, format: "itemlines");
        Assert.Equal(3, data.NumItems);
        Assert.Equal(new[] { new[] { 3, 1, 2 }, new[] { 2, 3 } }, data.Sequences);
        Assert.Equal($"{Path.GetFileName(folder)}/seqs", data.Name);   // folder and file: "ml-1m-proxy/sequences", not "sequences"
    }

    [Fact]
    public void A_non_integer_id_in_a_file_names_the_file_and_line()
    {
        var path = Path.Combine(folder, "seqs.txt");
        File.WriteAllText(path, "1 2 3\n\n6 7 x 9\n");
        var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(path, format: "ItemLines"));
        Assert.Equal("seqs.txt line 3: IdOrder.Numeric needs integer ids; item id 'x' is not an integer", e.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_at_load()
    {
        foreach (var text in new[] { "", "\n  \n" })
        {
            var path = Path.Combine(folder, "empty.txt");
            File.WriteAllText(path, text);
            var e = Assert.Throws<InvalidDataException>(() => Datasets.Open(path, format: "ItemLines"));
            Assert.Equal($"{path}: the file holds no interactions (read as ItemLines)", e.Message);
        }
    }

    [Fact]
    public void A_file_that_preprocessing_empties_is_an_error_at_load()
    {
        var path = Path.Combine(folder, "short.txt");
        File.WriteAllText(path, "1 2\n3\n");
        var e = Assert.Throws<InvalidDataException>(() => Datasets.LoadFile(path, DataFormat.ItemLines, Recipe.AsIs with { MinSequenceLength = 5 }));
        Assert.StartsWith("short: none of its 3 interactions is left after preprocessing (Recipe {", e.Message);
    }

    [Fact]
    public void A_file_without_a_format_names_the_formats()
    {
        var path = Path.Combine(folder, "seqs.txt");
        File.WriteAllText(path, "1 2\n");
        var e = Assert.Throws<ArgumentException>(() => Datasets.Open(path));
        Assert.Contains("format", e.Message);
        Assert.Contains("ItemLines", e.Message);
        e = Assert.Throws<ArgumentException>(() => Datasets.Open(path, format: "lines-of-items"));
        Assert.Contains("'lines-of-items' is not a data format", e.Message);
    }

    [Fact]
    public void An_unknown_name_is_an_error_listing_the_choices_not_a_fallback()
    {
        var e = Assert.Throws<ArgumentException>(() => Datasets.Open("ml-1m-typo"));
        Assert.Contains("'ml-1m-typo' is not 'synthetic'", e.Message);
        Assert.Contains("ml-1m", e.Message);
    }
}
