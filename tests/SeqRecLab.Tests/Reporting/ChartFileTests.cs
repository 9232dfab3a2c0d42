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
            Assert.Contains("plotly.js v2.28.0", html);              // the library's own header: plotly.js is embedded
            Assert.True(html.Length > 3_000_000, $"expected the full plotly.js inside; the page has {html.Length} chars");
            Assert.DoesNotContain("<script src=", html);              // nothing loaded from a CDN
            Assert.DoesNotContain("requirejs", html);
            Assert.Contains("[0.4321,0.5678]", html);                 // the data
            Assert.Contains("NDCG vs size", html);
            Assert.Contains("<title>curve</title>", html);
            Assert.Contains("Plotly.newPlot", html);
            Assert.Equal(new[] { "curve.html" }, Directory.GetFiles(Path.Combine(dir, "sub")).Select(Path.GetFileName).ToArray()); // no temp file left
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void ToHtmlFragment_is_a_div_and_script_loading_plotly_by_require()
    {
        var chart = Plots.Histogram([1.5, 2.5], "Lengths", "length");
        var html = ChartFile.ToHtmlFragment(chart);
        Assert.StartsWith("<div><div id=\"", html);
        Assert.Contains("Plotly.newPlot(", html);
        Assert.Contains(ChartFile.PlotlyJsRequirePath, html);
        Assert.Contains("[1.5,2.5]", html);
        Assert.Contains("Lengths", html);
        Assert.True(html.Length < 50_000, $"plotly.js must not be embedded in a fragment; it has {html.Length} chars");
        Assert.EndsWith("</script></div>", html);
        Assert.Throws<ArgumentException>("path", () => ChartFile.SaveHtml(chart, " "));
    }
}
