using System.Text.Json.Nodes;
using SeqRecLab.Data;
using SeqRecLab.Reporting;

namespace SeqRecLab.Tests.Reporting;

/// <summary>All tests of the process-wide <see cref="Results"/> recorder live in this one class, so they never run in parallel.</summary>
public sealed class ResultsTests : IDisposable
{
    enum Loss { Bce, Ce }

    readonly string dir = Path.Combine(Path.GetTempPath(), "seqrec-results-" + Guid.NewGuid().ToString("N"));
    readonly string? savedVariable = Environment.GetEnvironmentVariable(Results.FileVariable);

    public ResultsTests() => Results.Reset();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Results.FileVariable, savedVariable);
        Results.Reset();
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }

    string UseFile(string name = "run.json")
    {
        var path = Path.Combine(dir, name);
        Environment.SetEnvironmentVariable(Results.FileVariable, path);
        return path;
    }

    [Fact]
    public void Everything_recorded_round_trips_through_the_file()
    {
        var path = UseFile();
        Assert.Equal(path, Results.Start("01-sasrec"));
        Results.RecordDevice("cpu · threads 2");
        // users [1,2] and [3,1,2]: 5 interactions, 2 users, 3 items → avg length 2.5, density 5/6
        Results.RecordDataset(new SequenceDataset("toy", 3, [new[] { 1, 2 }, new[] { 3, 1, 2 }]));
        Results.RecordParameters(new Dictionary<string, object?>
        {
            ["lr"] = 0.001, ["d"] = 64, ["loss"] = Loss.Ce, ["name"] = "SASRec", ["shuffle"] = true,
            ["limit"] = TimeSpan.FromMinutes(90), ["blocks"] = new[] { 2, 2 }, ["none"] = null,
        });
        Results.RecordParameters(new { dropout = 0.2, maxlen = 200 });
        Results.Record("test NDCG@10", 0.5905);
        Results.Record("test HR@10", double.NaN);
        Results.Record("test NDCG@10", 0.6);                            // replaces

        var read = ResultsData.Read(path);
        Assert.Equal("01-sasrec", read.Notebook);
        Assert.Equal("cpu · threads 2", read.Device);
        Assert.Equal(0.6, read.Metrics["test NDCG@10"]);
        Assert.True(double.IsNaN(read.Metrics["test HR@10"]));
        Assert.Equal(2, read.Metrics.Count);
        Assert.Equal(0.001, (double)read.Parameters["lr"]!);
        Assert.Equal(64, (int)read.Parameters["d"]!);
        Assert.Equal("Ce", (string?)read.Parameters["loss"]);
        Assert.Equal("SASRec", (string?)read.Parameters["name"]);
        Assert.True((bool)read.Parameters["shuffle"]!);
        Assert.Equal("01:30:00", (string?)read.Parameters["limit"]);
        Assert.Equal(new[] { 2, 2 }, read.Parameters["blocks"]!.AsArray().Select(v => (int)v!).ToArray());
        Assert.Null(read.Parameters["none"]);
        Assert.Equal(0.2, (double)read.Parameters["dropout"]!);
        Assert.Equal(200, (int)read.Parameters["maxlen"]!);
        var toy = read.Datasets["toy"];
        Assert.Equal(2, (int)toy["users"]!);
        Assert.Equal(3, (int)toy["items"]!);
        Assert.Equal(5, (long)toy["interactions"]!);
        Assert.Equal(2.5, (double)toy["avg_length"]!);
        Assert.Equal(5.0 / 6, (double)toy["density"]!, 12);
        Assert.Equal(read.ToJsonString(), Results.Current.ToJsonString());
        Assert.Equal(new[] { "run.json" }, Directory.GetFiles(dir).Select(Path.GetFileName).ToArray()); // no temp files left
    }

    [Fact]
    public void Keys_are_written_in_a_stable_order()
    {
        var path = UseFile();
        Results.Start("order");
        Results.Record("b", 2);
        Results.Record("NDCG@10", 1);
        Results.Record("a", 1.5);
        Results.RecordDevice("cpu");
        var text = File.ReadAllText(path);
        var root = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(new[] { "notebook", "device", "datasets", "parameters", "metrics" }, root.Select(p => p.Key).ToArray());
        Assert.Equal(new[] { "NDCG@10", "a", "b" }, root["metrics"]!.AsObject().Select(p => p.Key).ToArray()); // ordinal: upper case first
        Assert.Contains("\"a\": 1.5", text);
    }

    [Fact]
    public void Start_again_clears_old_values_in_memory_and_on_disk()
    {
        var path = UseFile();
        Results.Start("nb");
        Results.Record("x", 1);
        Results.RecordParameter("lr", 0.1);
        Results.Start("nb");
        var read = ResultsData.Read(path);
        Assert.Empty(read.Metrics);
        Assert.Empty(read.Parameters);
        Assert.Equal("nb", read.Notebook);
        Assert.Empty(Results.Current.Metrics);
    }

    [Fact]
    public void Without_the_variable_the_file_is_results_slash_name_under_the_current_directory()
    {
        Environment.SetEnvironmentVariable(Results.FileVariable, null);
        var name = "seqrec-test-" + Guid.NewGuid().ToString("N");
        var expected = Path.Combine(Directory.GetCurrentDirectory(), "results", name + ".json");
        try
        {
            Assert.Equal(expected, Results.Start(name));
            Results.Record("m", 0.25);
            Assert.Equal(0.25, ResultsData.Read(expected).Metrics["m"]);
            Assert.Equal(expected, Results.FilePath);
        }
        finally
        {
            File.Delete(expected);
            var folder = Path.GetDirectoryName(expected)!;
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any()) Directory.Delete(folder);
        }
    }

    [Fact]
    public void Bad_calls_fail_at_once()
    {
        Environment.SetEnvironmentVariable(Results.FileVariable, null);
        var e = Assert.Throws<InvalidOperationException>(() => Results.Record("m", 1));
        Assert.Contains("Results.Start", e.Message);
        Assert.Throws<ArgumentException>("notebookName", () => Results.Start("a/b"));
        Assert.Throws<ArgumentException>("notebookName", () => Results.Start(" "));
        UseFile();
        Results.Start("ok");
        Assert.Throws<ArgumentException>("name", () => Results.Record("", 1));
        var bad = Assert.Throws<ArgumentException>(() => Results.RecordParameter("fn", new Func<int>(() => 1)));
        Assert.Contains("\"fn\"", bad.Message);
    }

    [Fact]
    public void Recording_before_Start_works_when_the_executor_set_the_file()
    {
        var path = UseFile("exec.json");
        Results.Record("m", 3);
        var read = ResultsData.Read(path);
        Assert.Null(read.Notebook);
        Assert.Equal(3, read.Metrics["m"]);
    }
}
