using Microsoft.Data.Analysis;
using SeqRecLab.Reporting;

namespace SeqRecLab.Tests.Reporting;

public class ResultsTableTests
{
    static ResultsTable Sample() => new ResultsTable("SASRec reproduction")
        .Add("ML-1M", "NDCG@10", 0.6, 0.5, "200 epochs")
        .Add("ML-1M", "HR@10", 0.2, 0.0)
        .Add("Beauty", "NDCG@10", 0.3, null, "not in paper");

    [Fact]
    public void Differences_and_missing_values()
    {
        var rows = Sample().Rows;
        Assert.Equal(0.1, rows[0].Difference!.Value, 12);               // 0.6 − 0.5
        Assert.Equal(0.2, rows[0].RelativeDifference!.Value, 12);       // 0.1 / 0.5
        Assert.Equal(0.2, rows[1].Difference!.Value, 12);
        Assert.Null(rows[1].RelativeDifference);                         // paper 0: undefined
        Assert.Null(rows[2].Difference);
        Assert.Null(rows[2].RelativeDifference);
        Assert.Equal(1.5, new ComparisonRow("s", "m", 0.5, -1.0).RelativeDifference!.Value, 12); // (0.5 − (−1)) / |−1|
    }

    [Fact]
    public void ToDataFrame_has_one_row_per_comparison()
    {
        var df = Sample().ToDataFrame();
        Assert.Equal(3, df.Rows.Count);
        Assert.Equal(ResultsTable.Headers, df.Columns.Select(c => c.Name).ToArray());
        Assert.Equal("Beauty", df["setting"][2]);
        Assert.Equal(0.6, df["ours"][0]);
        Assert.Null(df["paper"][2]);
        Assert.Equal(0.2, (double)df["relative difference"][0]!, 12);
        Assert.Equal("not in paper", df["note"][2]);
        Assert.IsType<DoubleDataFrameColumn>(df["difference"]);
    }

    [Fact]
    public void ToText_exact()
    {
        var t = new ResultsTable("T").Add("ML-1M", "NDCG@10", 0.6, 0.5, "200 epochs").Add("Beauty", "HR@10", 0.25, null);
        // cells: "0.6000" "0.5000" "+0.1000" "+20.0%"; missing as "–".
        // widths: setting 7 ("setting"), metric 7, ours 6, paper 6 ("0.5000"), difference 10, relative difference 19, note 10;
        // ours, paper, difference and relative difference are numeric columns (numbers or "–"): right-aligned, headers too.
        var expected =
            "T\n" +
            "setting  metric     ours   paper  difference  relative difference  note\n" +
            "-------  -------  ------  ------  ----------  -------------------  ----------\n" +
            "ML-1M    NDCG@10  0.6000  0.5000     +0.1000               +20.0%  200 epochs\n" +
            "Beauty   HR@10    0.2500       –           –                    –\n";
        Assert.Equal(expected, t.ToText());
    }

    [Fact]
    public void ToHtml_has_headers_values_and_escaped_notes()
    {
        var html = new ResultsTable("A & B").Add("ML-1M", "NDCG@10", 0.48, 0.5, "lr <0.01").ToHtml(digits: 3);
        Assert.Contains("<p><b>A &amp; B</b></p>", html);
        Assert.Contains("<th>relative difference</th>", html);
        Assert.Contains(">0.480</td>", html);
        Assert.Contains(">-0.020</td>", html);
        Assert.Contains(">-4.0%</td>", html);                            // −0.02 / 0.5
        Assert.Contains("<td>lr &lt;0.01</td>", html);
        Assert.Equal(2, html.Split("<tr>").Length - 1);                  // header + 1 row
    }
}
