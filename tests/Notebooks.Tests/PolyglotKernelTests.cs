using System.Text.Json.Nodes;
using SeqRecLab.Executor;
using Xunit.Abstractions;

namespace SeqRecLab.Notebooks.Tests;

/// <summary>
/// The notebooks run in the real kernel, not only in the executor's in-process copy of it: notebook 00's setup cell
/// and every cell up to its first chart run in the tool Polyglot Notebooks starts (<see cref="PolyglotKernel"/>), and
/// the chart comes back as HTML that draws offline.
/// </summary>
public class PolyglotKernelTests(ITestOutputHelper output)
{
    [Fact]
    public void Notebook_00_runs_its_setup_and_first_chart_in_the_tool_Polyglot_starts()
    {
        // the library package the kernel restores must be this build (see LocalFeeds)
        foreach (var dropped in LocalFeeds.DropStaleExtractions(NotebookPaths.Folder)) output.WriteLine($"refreshed {dropped}");
        var notebook = NotebookFile.Load(Path.Combine(NotebookPaths.Folder, "00-getting-started.ipynb"));
        var code = notebook.Elements.Where(NotebookFile.IsCode).Select(c => c.Contents).ToList();
        int chart = code.FindIndex(c => c.TrimStart().StartsWith("Plots.", StringComparison.Ordinal));
        Assert.True(chart > 0, "notebook 00 has a cell that starts with a chart");
        var results = Path.Combine(Path.GetTempPath(), $"seqrec-polyglot-{Guid.NewGuid():N}.json");
        using var kernel = PolyglotKernel.Start(NotebookPaths.RepoRoot, NotebookPaths.Folder,
            new Dictionary<string, string> { ["SEQREC_RESULTS_FILE"] = results });
        var events = new List<List<JsonObject>>();
        for (int i = 0; i <= chart; i++)
        {
            var cellEvents = kernel.Submit(code[i], TimeSpan.FromMinutes(5));
            var failed = cellEvents.FirstOrDefault(e => (string?)e["eventType"] == "CommandFailed");
            Assert.True(failed is null, $"code cell {i + 1} failed in the kernel: {failed?["event"]?["message"]}\n{kernel.StandardError}");
            events.Add(cellEvents);
            output.WriteLine($"code cell {i + 1}: {string.Join(", ", cellEvents.Select(e => (string?)e["eventType"]).Distinct())}");
        }
        File.Delete(results);

        static IEnumerable<string> Values(IEnumerable<JsonObject> cell, string mime) =>
            cell.SelectMany(e => e["event"]?["formattedValues"]?.AsArray() ?? [])
                .Where(v => (string?)v!["mimeType"] == mime).Select(v => (string?)v!["value"] ?? "");
        Assert.Contains(Values(events[0], "text/plain"), v => v.Contains("TorchSharp", StringComparison.Ordinal));   // the backend line
        var html = Assert.Single(Values(events[chart], "text/html"));
        Assert.Contains("Plotly.newPlot(", html);
        Assert.Contains("(function (module, exports, define)", html);   // the first chart carries plotly.js
        Assert.DoesNotContain("<script src=", html);   // nothing fetched: no CDN, no require.js path
    }
}
