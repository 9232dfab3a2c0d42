namespace SeqRecLab.Executor.Tests;

/// <summary>The HTML report carries what Plotly.NET chart outputs need to draw (<see cref="PlotlyReportScripts"/>).</summary>
public class PlotlyReportTests
{
    static Notebook WithHtmlOutput(string html)
    {
        var nb = Notebook.Parse("""
            {"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["chart"], "outputs": []}],
             "metadata": {"kernelspec": {"language": "C#", "name": ".net-csharp"}}, "nbformat": 4, "nbformat_minor": 5}
            """);
        nb.Cells[0].Outputs.Add(new DataOutput(isResult: false, new Dictionary<string, string> { ["text/html"] = html }));
        return nb;
    }

    [Fact]
    public void A_report_with_a_chart_gets_plotly_and_the_require_stand_in_in_its_head()
    {
        var html = HtmlReportWriter.Render(WithHtmlOutput("<div></div><script>var fsharpPlotlyRequire = requirejs.config({}) || require;</script>"), "nb", "ok", true);
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.Contains("window.requirejs.config = function", head);
        // this test process has no Plotly.NET loaded, so plotly.js is linked, before the stand-in
        Assert.Null(PlotlyReportScripts.EmbeddedPlotlyJs());
        Assert.True(head.IndexOf(PlotlyReportScripts.CdnUrl, StringComparison.Ordinal) is > 0 and var cdn && cdn < head.IndexOf("window.requirejs =", StringComparison.Ordinal));
    }

    [Fact]
    public void A_report_without_charts_gets_no_scripts()
    {
        var html = HtmlReportWriter.Render(WithHtmlOutput("<table><tr><td>1</td></tr></table>"), "nb", "ok", true);
        Assert.DoesNotContain("<script", html[..html.IndexOf("</head>", StringComparison.Ordinal)]);
    }
}
