using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SeqRecLab.Charts;

namespace SeqRecLab.Tests.Reporting;

public class PlotlyFigureTests
{
    [Fact]
    public void ToJson_writes_data_and_layout_leaving_out_nulls_and_writing_non_finite_numbers_as_null()
    {
        var figure = new PlotlyFigure(
            [new Dictionary<string, object?> { ["type"] = "scatter", ["y"] = new[] { 1.5, double.NaN, double.PositiveInfinity }, ["name"] = null },
             new Dictionary<string, object?> { ["type"] = "bar", ["y"] = new float[] { 2f, float.NaN } }],
            new Dictionary<string, object?> { ["title"] = new Dictionary<string, object?> { ["text"] = "T" }, ["width"] = 300 });
        var json = JsonNode.Parse(figure.ToJson())!;
        Assert.Equal("[1.5,null,null]", json["data"]![0]!["y"]!.ToJsonString());
        Assert.Equal("[2,null]", json["data"]![1]!["y"]!.ToJsonString());
        Assert.False(json["data"]![0]!.AsObject().ContainsKey("name"));
        Assert.Equal(300, (int)json["layout"]!["width"]!);
        Assert.Equal("T", figure.Title);
        Assert.Equal("Plotly figure \"T\": 2 traces (scatter, bar)", figure.ToString());
    }

    [Fact]
    public void ToJson_is_safe_inside_a_script_element()
    {
        var figure = new PlotlyFigure([new Dictionary<string, object?> { ["name"] = "</script><b>&" }]);
        var json = figure.ToJson();
        Assert.DoesNotContain("</script", json);
        Assert.DoesNotContain("<b>", json);
        Assert.Equal("</script><b>&", (string?)JsonNode.Parse(json)!["data"]![0]!["name"]);
    }

    [Fact]
    public void Figures_can_be_changed_before_they_are_shown()
    {
        var figure = Plots.Histogram([1.0, 2.0], "t", "x");
        figure.Layout["yaxis"] = new Dictionary<string, object?> { ["type"] = "log" };
        figure.Data[0]["marker"] = new Dictionary<string, object?> { ["color"] = "#000" };
        var json = JsonNode.Parse(figure.ToJson())!;
        Assert.Equal("log", (string?)json["layout"]!["yaxis"]!["type"]);
        Assert.Equal("#000", (string?)json["data"]![0]!["marker"]!["color"]);
    }

    [Fact]
    public void The_embedded_plotly_js_is_the_vendored_file_and_sets_window_Plotly()
    {
        var source = PlotlyJs.Source;
        Assert.Equal(PlotlyJs.Sha256, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source))));
        Assert.Contains($"plotly.js (cartesian - minified) v{PlotlyJs.Version}", source[..200]);
        Assert.Contains("window.Plotly = Plotly;", source[^200..]);
        var vendored = Path.Combine(TestPaths.RepoRoot, "lib", "Charts", "plotlyjs", "plotly-cartesian.min.js");
        Assert.Equal(PlotlyJs.Sha256, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(vendored))));
        Assert.Contains(PlotlyJs.Sha256, File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "lib", "Charts", "plotlyjs", "README.md")));
    }
}
