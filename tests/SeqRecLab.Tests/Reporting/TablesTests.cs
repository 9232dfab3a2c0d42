using Microsoft.Data.Analysis;
using SeqRecLab.Reporting;

namespace SeqRecLab.Tests.Reporting;

public class TablesTests
{
    sealed record Run(string Model, int Epochs, double Ndcg, bool Converged, string? Note);

    [Fact]
    public void FromRecords_one_column_per_property_in_declaration_order()
    {
        var df = Tables.FromRecords([new Run("SASRec", 200, 0.5905, true, null), new Run("GRU4Rec", 50, 0.41, false, "short")]);
        Assert.Equal(2, df.Rows.Count);
        Assert.Equal(new[] { "Model", "Epochs", "Ndcg", "Converged", "Note" }, df.Columns.Select(c => c.Name).ToArray());
        Assert.IsType<StringDataFrameColumn>(df["Model"]);
        Assert.IsType<Int64DataFrameColumn>(df["Epochs"]);
        Assert.IsType<DoubleDataFrameColumn>(df["Ndcg"]);
        Assert.IsType<BooleanDataFrameColumn>(df["Converged"]);
        Assert.Equal("GRU4Rec", df["Model"][1]);
        Assert.Equal(200L, df["Epochs"][0]);
        Assert.Equal(0.41, df["Ndcg"][1]);
        Assert.Equal(false, df["Converged"][1]);
        Assert.Null(df["Note"][0]);
        Assert.Equal("short", df["Note"][1]);
    }

    [Fact]
    public void FromRecords_refuses_records_without_properties_instead_of_an_empty_table()
    {
        // a value tuple has fields, and its element names are gone at run time: notebook 02's α-sweep table came out empty
        var e = Assert.Throws<ArgumentException>(() => Tables.FromRecords(new[] { (Alpha: 0.8, Ndcg: 0.42) }));
        Assert.Contains("value tuple", e.Message);
        Assert.Equal("records", e.ParamName);
    }

    [Fact]
    public void FromDictionaries_unions_keys_and_picks_column_types()
    {
        var df = Tables.FromDictionaries(
        [
            new Dictionary<string, object?> { ["d"] = 64, ["lr"] = 0.001, ["tag"] = "a" },
            new Dictionary<string, object?> { ["d"] = 128L, ["lr"] = 1, ["extra"] = true },
        ]);
        Assert.Equal(new[] { "d", "lr", "tag", "extra" }, df.Columns.Select(c => c.Name).ToArray());
        Assert.Equal(2, df.Rows.Count);
        Assert.IsType<Int64DataFrameColumn>(df["d"]);                   // int and long → integers
        Assert.IsType<DoubleDataFrameColumn>(df["lr"]);                 // double and int → doubles
        Assert.Equal(1.0, df["lr"][1]);
        Assert.Null(df["tag"][1]);                                      // missing key → null
        Assert.Equal(true, df["extra"][1]);
        Assert.Null(df["extra"][0]);
    }

    [Fact]
    public void RenderText_aligns_columns()
    {
        // widths: max("name","SASRec","x")=6, max("value","0.5","12")=5; numbers right-aligned, text left-aligned;
        // trailing spaces trimmed.
        var text = Tables.RenderText(["name", "value"], [["SASRec", "0.5"], ["x", "12"]]);
        Assert.Equal("name    value\n------  -----\nSASRec    0.5\nx          12\n", text);
    }

    [Fact]
    public void ToHtml_and_ToText_of_a_frame_escape_and_truncate()
    {
        var df = new DataFrame(new StringDataFrameColumn("model", ["<b>A</b>", "B", "C"]), new DoubleDataFrameColumn("hr", [0.5, double.NaN, 1.0 / 3]));
        var html = Tables.ToHtml(df, maxRows: 2);
        Assert.StartsWith("<table>", html);
        Assert.Contains("<th>model</th><th>hr</th>", html);
        Assert.Contains("<td>&lt;b&gt;A&lt;/b&gt;</td><td style=\"text-align:right\">0.5</td>", html);
        Assert.Contains("NaN", html);
        Assert.DoesNotContain("0.333333", html);                        // third row cut
        Assert.Contains("… 1 more rows (3 in all)", html);
        Assert.Equal(3, Tables.ToHtml(df).Split("<tr>").Length - 2);    // 3 body rows (+ header row)
        var text = Tables.ToText(df);
        Assert.Contains("0.333333", text);                              // G6
        Assert.Equal(5, text.TrimEnd('\n').Split('\n').Length);         // header, rule, 3 rows
    }
}
