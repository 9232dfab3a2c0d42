using SeqRecLab.Charts;

namespace SeqRecLab.Tests.Reporting;

public class ChartFileTests
{
    [Fact]
    public void SaveHtml_writes_a_standalone_page_atomically()
    {
        var dir = Path.Combine(Path.GetTempPath(), "seqrec-chartfile-" + Guid.NewGuid().ToString("N"));
        try
        {
            var chart = Plots.Lines([new Series("ML-1M", [16, 32], [0.4321, 0.5678])], "NDCG vs size", "d", "NDCG@10");
            var path = Path.Combine(dir, "sub", "curve.html");
            File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(dir, "sub")).FullName, "curve.html"), "old");
            var written = ChartFile.SaveHtml(chart, path);

            Assert.Equal(Path.GetFullPath(path), written);
            var html = File.ReadAllText(path);
            Assert.StartsWith("<!DOCTYPE html>", html);
            Assert.Contains($"plotly.js (cartesian - minified) v{PlotlyJs.Version}", html);   // plotly.js is embedded
            Assert.True(html.Length > 1_000_000, $"expected plotly.js inside; the page has {html.Length} chars");
            Assert.DoesNotContain("<script src=", html);              // nothing loaded from a CDN
            Assert.Contains("[0.4321,0.5678]", html);                 // the data
            Assert.Contains("NDCG vs size", html);
            Assert.Contains("<title>curve</title>", html);
            Assert.True(html.IndexOf("window.Plotly = Plotly", StringComparison.Ordinal) < html.IndexOf("Plotly.newPlot", StringComparison.Ordinal));
            Assert.Equal(new[] { "curve.html" }, Directory.GetFiles(Path.Combine(dir, "sub")).Select(Path.GetFileName).ToArray()); // no temp file left
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void ToHtmlFragment_is_a_div_and_a_script_that_waits_for_plotly_unless_it_carries_it()
    {
        var chart = Plots.Histogram([1.5, 2.5], "Lengths", "length");
        var html = ChartFile.ToHtmlFragment(chart);
        Assert.StartsWith("<div id=\"seqrec-plot-", html);
        Assert.Contains("window.Plotly.newPlot(", html);
        Assert.Contains($"window.{PlotlyJs.QueueName}", html);   // queued when plotly.js has not arrived yet
        Assert.Contains("[1.5,2.5]", html);
        Assert.Contains("Lengths", html);
        Assert.DoesNotContain("http", html);                       // no CDN, no require.js path
        Assert.True(html.Length < 10_000, $"plotly.js must not be embedded in a plain fragment; it has {html.Length} chars");
        Assert.EndsWith("</script>", html);

        var carrying = ChartFile.ToHtmlFragment(chart, includePlotlyJs: true);
        Assert.StartsWith("<script type=\"text/javascript\">\nif (!window.Plotly)", carrying);
        Assert.True(carrying.Length > 1_000_000);
        Assert.Throws<ArgumentException>("path", () => ChartFile.SaveHtml(chart, " "));
    }

    [Fact]
    public void Two_fragments_get_different_element_ids()
    {
        var chart = Plots.Histogram([1.0], "t", "x");
        string Id(string html) => html[(html.IndexOf("id=\"", StringComparison.Ordinal) + 4)..html.IndexOf("\"></div>", StringComparison.Ordinal)];
        Assert.NotEqual(Id(ChartFile.ToHtmlFragment(chart)), Id(ChartFile.ToHtmlFragment(chart)));
    }
}
