using System.Diagnostics;
using SeqRecLab.Charts;

namespace SeqRecLab.Tests.Reporting;

/// <summary>
/// The charts draw in a real browser from the embedded plotly.js, with no network: a page holding a chart that carries
/// plotly.js and a chart that waits for it (in that order and in the other), loaded by headless Chromium. Skips where
/// Chromium is not installed (Debian: <c>apt-get install chromium</c>).
/// </summary>
public class ChartBrowserTests
{
    static string? Chromium() => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Charts_draw_offline_in_a_browser(bool waitingChartFirst)
    {
        var chromium = Chromium();
        Skip.If(chromium is null, "Chromium is not installed");
        var first = Plots.Histogram([1, 2, 2, 3], "first", "x");
        var second = Plots.Lines([new Series("s", [1, 2], [0.5, double.NaN])], "second", "x", "y");
        var carrying = ChartFile.ToHtmlFragment(first, includePlotlyJs: true);
        var waiting = ChartFile.ToHtmlFragment(second);
        var page = Path.Combine(Path.GetTempPath(), $"seqrec-charts-{Guid.NewGuid():N}.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/></head><body>\n" +
            (waitingChartFirst ? waiting + carrying : carrying + waiting) + "\n</body></html>");
        try
        {
            var psi = new ProcessStartInfo(chromium!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000", "--dump-dom", "file://" + page })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var dom = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(120_000), "Chromium did not finish in 2 minutes");
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(dom.Result, "class=\"js-plotly-plot\"").Count);   // both drawn
            Assert.Contains(">first<", dom.Result);
            Assert.Contains(">second<", dom.Result);
        }
        finally { File.Delete(page); }
    }
}
