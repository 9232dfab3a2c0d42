using Microsoft.DotNet.Interactive.Documents;
using System.Text.Json.Nodes;
using SeqRecLab.Executor;
using Xunit.Abstractions;

namespace SeqRecLab.Notebooks.Tests;

/// <summary>
/// Every notebook runs top to bottom in its <c>quick</c> profile through the executor (as <c>dotnet run --project
/// environment/executor -- notebooks/X.ipynb --param Profile=quick</c> would), with no error output, and records results.
/// A notebook that takes a <c>CheckpointFolder</c> gets one, so its checkpoint and resume path runs too (checkpoints
/// draw no random numbers, so the numbers are those of a run without them).
/// </summary>
public class QuickProfileTests(ITestOutputHelper output)
{
    /// <summary>The project's budget for one notebook's quick profile on a 2-core CPU, with room for a slow CI machine.</summary>
    static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    /// <summary>
    /// What the issues ask each notebook's <c>quick</c> profile to show. A notebook records each claim as a 0/1 metric
    /// named "claim: …". Every claim a notebook records must hold, so a change that loses the effect fails CI rather than
    /// leaving the prose wrong; the ones listed here must also be recorded, so dropping one fails too.
    /// </summary>
    static readonly Dictionary<string, string[]> QuickClaims = new()
    {
        ["00-getting-started.ipynb"] = ["claim: SASRec beats most popular under full ranking (paired p < 0.01)", "claim: uniform negatives shrink SASRec's lead"],
        ["00-template.ipynb"] = ["claim: SASRec beats most popular (NDCG@10)"],
        ["02-rss-recency-sampling.ipynb"] = ["claim: SASRec-RSS NDCG@10 >= SASRec-Cont's (both losses)"],
        ["03-gbce-gsasrec.ipynb"] = ["claim: gSASRec NDCG@10 >= SASRec's", "claim: gSASRec ECE < SASRec's"],
    };

    [Theory]
    [MemberData(nameof(NotebookPaths.All), MemberType = typeof(NotebookPaths))]
    public async Task Runs_in_the_quick_profile(string notebook)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"seqreclab-notebooks-{Path.GetFileNameWithoutExtension(notebook)}-{Guid.NewGuid():N}");
        var echo = new StringWriter();
        var path = Path.Combine(NotebookPaths.Folder, notebook);
        var checkpoints = File.ReadAllText(path).Contains("var CheckpointFolder = ") ? Path.Combine(folder, "checkpoints") : null;
        var result = await NotebookRunner.RunAsync(path, new RunOptions
        {
            Parameters = checkpoints is null ? [new("Profile", "quick")] : [new("Profile", "quick"), new("CheckpointFolder", checkpoints)],
            OutputFolder = folder,
            TotalTimeout = Budget,
            Echo = echo,
            Progress = echo,
        });
        output.WriteLine($"{notebook}: {(result.Succeeded ? "OK" : "FAILED")} in {result.Elapsed.TotalSeconds:F1} s, {result.CellsRun} code cells, outputs in {folder}");
        Assert.True(result.Succeeded, $"{notebook}: {result.Failure?.ToString() ?? result.Error}\n--- last output ---\n{Tail(echo.ToString(), 3000)}");

        Assert.True(File.Exists(result.ExecutedNotebookPath), "executed notebook written");
        Assert.True(File.Exists(result.HtmlReportPath), "HTML report written");
        // tables and charts render as HTML in every notebook of the run, not only the first one of the process
        var outputs = result.Executed!.Elements.SelectMany(c => c.Outputs).ToList();
        Assert.Contains(outputs, o => NotebookFile.Html(o) is not null);
        // charts draw offline: the first chart output carries plotly.js, nothing is fetched from a CDN
        var charts = outputs.Select(o => NotebookFile.Html(o) ?? "").Where(h => h.Contains("Plotly.newPlot", StringComparison.Ordinal)).ToList();
        if (charts.Count > 0)
        {
            const string carriesPlotlyJs = "(function (module, exports, define)";   // PlotlyJs.LoaderScript
            Assert.Contains(carriesPlotlyJs, charts[0]);
            Assert.All(charts.Skip(1), c => Assert.DoesNotContain(carriesPlotlyJs, c));
            Assert.DoesNotContain("<script src=", File.ReadAllText(result.HtmlReportPath!));
        }
        var errors = outputs.OfType<ErrorElement>().ToList();
        Assert.Empty(errors);
        // a table without columns is a bug in the cell that built it (notebook 02's α-sweep table once was one)
        var emptyTables = result.Executed!.Elements.Where(c => c.Outputs.Any(o =>
            NotebookFile.Html(o)?.Contains("<thead><tr></tr></thead>") == true)).ToList();
        Assert.True(emptyTables.Count == 0, $"{notebook}: a cell shows a table with no columns: {emptyTables.FirstOrDefault()?.Contents.Split('\n')[0]}");

        Assert.True(File.Exists(result.ResultsPath), $"{notebook} records its results (Results.Start/Record) in {result.ResultsPath}");
        var recorded = JsonNode.Parse(File.ReadAllText(result.ResultsPath))!;
        var metrics = recorded["metrics"]?.AsObject();
        Assert.True(metrics is { Count: > 0 }, $"{notebook} recorded no metrics: {recorded}");
        Assert.Equal("quick", recorded["parameters"]?["Profile"]?.GetValue<string>());
        var claims = metrics!.Where(m => m.Key.StartsWith("claim: ")).ToDictionary(m => m.Key, m => m.Value!.GetValue<double>());
        foreach (var claim in QuickClaims.GetValueOrDefault(notebook, []))
            Assert.True(claims.ContainsKey(claim), $"{notebook} did not record \"{claim}\"; it recorded {string.Join(", ", claims.Keys)}");
        foreach (var (claim, holds) in claims)
            Assert.True(holds == 1, $"{notebook}: the quick profile no longer shows \"{claim}\"");
        if (checkpoints is not null)
            Assert.True(Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, "*.ckpt").Length > 0, $"{notebook} wrote no checkpoint into {checkpoints}");
        // passed: its outputs (tens of MB for some notebooks) go; a failed run's stay for a look, as do all with
        // SEQREC_KEEP_TEST_OUTPUT set
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SEQREC_KEEP_TEST_OUTPUT"))) Directory.Delete(folder, recursive: true);
    }

    static string Tail(string text, int chars) => text.Length <= chars ? text : "…" + text[^chars..];
}
