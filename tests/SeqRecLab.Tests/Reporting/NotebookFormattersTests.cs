using Microsoft.Data.Analysis;
using Microsoft.DotNet.Interactive.Formatting;
using SeqRecLab.Charts;
using SeqRecLab.Reporting;

namespace SeqRecLab.Tests.Reporting;

/// <summary>The only tests that touch the process-wide .NET Interactive formatter.</summary>
public sealed class NotebookFormattersTests : IDisposable
{
    public NotebookFormattersTests() => Formatter.ResetToDefault();   // also loads the Formatting assembly
    public void Dispose() => Formatter.ResetToDefault();

    [Fact]
    public void Charts_and_tables_render_as_html_after_Register()
    {
        Assert.True(NotebookFormatters.Register());

        // the first chart after Register carries plotly.js, the next ones use it; Register starts over
        var chart = Plots.Histogram([1.25, 2.75], "Lengths", "length");
        var chartHtml = Formatter.ToDisplayString(chart, "text/html");
        Assert.StartsWith("<script type=\"text/javascript\">\nif (!window.Plotly)", chartHtml);
        Assert.Contains("Plotly.newPlot(", chartHtml);
        Assert.Contains("[1.25,2.75]", chartHtml);
        var second = Formatter.ToDisplayString(chart, "text/html");
        Assert.StartsWith("<div id=\"seqrec-plot-", second);
        Assert.True(second.Length < 10_000);
        Assert.True(NotebookFormatters.Register());
        Assert.True(Formatter.ToDisplayString(chart, "text/html").Length > 1_000_000);

        var df = new DataFrame(new StringDataFrameColumn("model", ["SASRec", "BERT4Rec"]), new DoubleDataFrameColumn("ndcg", [0.5905, 0.4818]));
        var dfHtml = Formatter.ToDisplayString(df, "text/html");
        Assert.StartsWith("<table>", dfHtml);
        Assert.Contains("<th>model</th><th>ndcg</th>", dfHtml);
        Assert.Contains(">BERT4Rec</td>", dfHtml);
        Assert.Contains(">0.4818</td>", dfHtml);

        var table = new ResultsTable("ML-1M").Add("full ranking", "NDCG@10", 0.6, 0.5);
        var tableHtml = Formatter.ToDisplayString(table, "text/html");
        Assert.Contains("<p><b>ML-1M</b></p>", tableHtml);
        Assert.Contains(">+20.0%</td>", tableHtml);

        // plain text: a placeholder for charts instead of a dump of the chart object; text tables for the others
        Assert.Equal(NotebookFormatters.PlainTextChart, Formatter.ToDisplayString(chart, "text/plain"));
        Assert.Equal(Tables.ToText(df), Formatter.ToDisplayString(df, "text/plain"));
        Assert.Contains("+20.0%", Formatter.ToDisplayString(table, "text/plain"));
    }
}
