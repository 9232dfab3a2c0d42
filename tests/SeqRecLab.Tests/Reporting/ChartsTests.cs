using System.Text.Json.Nodes;
using SeqRecLab.Charts;
using SeqRecLab.Reporting;
using SeqRecLab.Training;

namespace SeqRecLab.Tests.Reporting;

public class ChartsTests
{
    /// <summary>The chart's plotly.js figure: { data: [traces], layout: {...} }.</summary>
    internal static JsonObject Figure(PlotlyFigure chart) => JsonNode.Parse(chart.ToJson())!.AsObject();

    static double[] Doubles(JsonNode? n) => n!.AsArray().Select(v => (double)v!).ToArray();
    static string?[] Strings(JsonNode? n) => n!.AsArray().Select(v => (string?)v).ToArray();

    internal static TrainingHistory History()
    {
        var h = new TrainingHistory { MetricName = "NDCG@10" };
        h.Epochs.Add(new EpochRecord(1, 10, 0.9, null, TimeSpan.FromMinutes(1)));
        h.Epochs.Add(new EpochRecord(2, 20, 0.6, 0.21, TimeSpan.FromMinutes(2.5)));
        h.Epochs.Add(new EpochRecord(3, 30, 0.45, 0.25, TimeSpan.FromMinutes(4)));
        return h;
    }

    [Fact]
    public void LearningCurve_puts_loss_left_and_metric_right_skipping_unevaluated_epochs()
    {
        var f = Figure(Plots.LearningCurve(History()));
        var data = f["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal("train loss", (string?)data[0]!["name"]);
        Assert.Equal(new[] { 1.0, 2, 3 }, Doubles(data[0]!["x"]));
        Assert.Equal(new[] { 0.9, 0.6, 0.45 }, Doubles(data[0]!["y"]));
        Assert.Equal("validation NDCG@10", (string?)data[1]!["name"]);
        Assert.Equal(new[] { 2.0, 3 }, Doubles(data[1]!["x"]));          // epoch 1 has no validation value
        Assert.Equal(new[] { 0.21, 0.25 }, Doubles(data[1]!["y"]));
        Assert.Equal("y2", (string?)data[1]!["yaxis"]);
        var layout = f["layout"]!;
        Assert.Equal("Learning curve (NDCG@10)", (string?)layout["title"]!["text"]);
        Assert.Equal("epoch", (string?)layout["xaxis"]!["title"]!["text"]);
        Assert.Equal("train loss", (string?)layout["yaxis"]!["title"]!["text"]);
        Assert.Equal("validation NDCG@10", (string?)layout["yaxis2"]!["title"]!["text"]);
        Assert.Equal("y", (string?)layout["yaxis2"]!["overlaying"]);
        Assert.Equal("right", (string?)layout["yaxis2"]!["side"]);
    }

    [Fact]
    public void LearningCurve_in_elapsed_minutes()
    {
        var f = Figure(Plots.LearningCurve(History(), CurveAxis.ElapsedMinutes, "run A"));
        Assert.Equal(new[] { 1.0, 2.5, 4 }, Doubles(f["data"]![0]!["x"]));
        Assert.Equal(new[] { 2.5, 4 }, Doubles(f["data"]![1]!["x"]));
        Assert.Equal("elapsed (minutes)", (string?)f["layout"]!["xaxis"]!["title"]!["text"]);
        Assert.Equal("run A", (string?)f["layout"]!["title"]!["text"]);
    }

    [Fact]
    public void LearningCurve_in_steps()
    {
        var f = Figure(Plots.LearningCurve(History(), CurveAxis.Step));
        Assert.Equal(new[] { 10.0, 20, 30 }, Doubles(f["data"]![0]!["x"]));
        Assert.Equal(new[] { 20.0, 30 }, Doubles(f["data"]![1]!["x"]));
        Assert.Equal("training step", (string?)f["layout"]!["xaxis"]!["title"]!["text"]);
    }

    [Fact]
    public void LearningCurves_two_subplots_one_colour_per_run()
    {
        var other = new TrainingHistory { MetricName = "NDCG@10" };
        other.Epochs.Add(new EpochRecord(1, 5, 1.2, 0.1, TimeSpan.FromSeconds(30)));
        var f = Figure(Plots.LearningCurves([("A", History()), ("B", other)]));
        var data = f["data"]!.AsArray();
        Assert.Equal(4, data.Count);                                   // loss + metric per run
        Assert.Equal(new string?[] { "A", "A", "B", "B" }, data.Select(t => (string?)t!["name"]).ToArray());
        Assert.Equal("x2", (string?)data[1]!["xaxis"]);
        Assert.Equal("y2", (string?)data[3]!["yaxis"]);
        Assert.Equal(new[] { 1.2 }, Doubles(data[2]!["y"]));
        Assert.Equal(new[] { 0.1 }, Doubles(data[3]!["y"]));
        Assert.Equal((string?)data[0]!["line"]!["color"], (string?)data[1]!["line"]!["color"]);
        Assert.NotEqual((string?)data[0]!["line"]!["color"], (string?)data[2]!["line"]!["color"]);
        Assert.Equal(2, (int)f["layout"]!["grid"]!["rows"]!);
        Assert.Equal("validation NDCG@10", (string?)f["layout"]!["yaxis2"]!["title"]!["text"]);
        Assert.Throws<ArgumentException>("runs", () => Plots.LearningCurves([]));
    }

    [Fact]
    public void GroupedBars_one_trace_per_series_and_checks_lengths()
    {
        var f = Figure(Plots.GroupedBars(["ML-1M", "Beauty"],
            [new BarSeries("ours", [0.61, 0.3]), new BarSeries("paper", [0.6, null])], "HR@10", "HR@10", "dataset"));
        var data = f["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.All(data, t => Assert.Equal("bar", (string?)t!["type"]));
        Assert.Equal(new string?[] { "ML-1M", "Beauty" }, Strings(data[0]!["x"]));
        Assert.Equal(new[] { 0.61, 0.3 }, Doubles(data[0]!["y"]));
        Assert.Equal(0.6, (double)data[1]!["y"]![0]!);
        Assert.Null(data[1]!["y"]![1]);                                 // missing paper value: no bar
        Assert.Equal(new string?[] { "0.6", "" }, Strings(data[1]!["text"]));
        Assert.Equal("group", (string?)f["layout"]!["barmode"]);
        Assert.Equal("dataset", (string?)f["layout"]!["xaxis"]!["title"]!["text"]);
        var e = Assert.Throws<ArgumentException>("series", () => Plots.GroupedBars(["a", "b"], [new BarSeries("s", [1.0])], "t", "y"));
        Assert.Contains("one per category (2)", e.Message);
    }

    [Fact]
    public void OursVsPaper_uses_the_table_rows()
    {
        var table = new ResultsTable("SASRec").Add("ML-1M", "NDCG@10", 0.58, 0.5905).Add("Beauty", "NDCG@10", 0.31, null);
        var data = Figure(Plots.OursVsPaper(table))["data"]!.AsArray();
        Assert.Equal(new string?[] { "ML-1M · NDCG@10", "Beauty · NDCG@10" }, Strings(data[0]!["x"]));
        Assert.Equal(new string?[] { "ours", "paper" }, data.Select(t => (string?)t!["name"]).ToArray());
        Assert.Equal(new[] { 0.58, 0.31 }, Doubles(data[0]!["y"]));
        Assert.Equal(0.5905, (double)data[1]!["y"]![0]!);
    }

    [Fact]
    public void Lines_turn_NaN_into_gaps_and_support_log_x()
    {
        var f = Figure(Plots.Lines([new Series("ML-1M", [16, 32, 64], [0.5, double.NaN, 0.6]), new Series("Beauty", [16, 64], [0.2, 0.3])],
            "NDCG@10 vs d", "embedding size d", "NDCG@10", logX: true));
        var data = f["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal(new[] { 16.0, 32, 64 }, Doubles(data[0]!["x"]));
        Assert.Null(data[0]!["y"]![1]);
        Assert.Equal(0.6, (double)data[0]!["y"]![2]!);
        Assert.Equal("log", (string?)f["layout"]!["xaxis"]!["type"]);
        Assert.Equal("NDCG@10", (string?)f["layout"]!["yaxis"]!["title"]!["text"]);
        Assert.Throws<ArgumentException>("series", () => Plots.Lines([new Series("s", [1, 2], [1])], "t", "x", "y"));
    }

    [Fact]
    public void Histogram_has_values_bins_and_count_axis()
    {
        var f = Figure(Plots.Histogram([3, 1, 4, 1, 5], "Sequence lengths", "length", bins: 20));
        var t = f["data"]![0]!;
        Assert.Equal("histogram", (string?)t["type"]);
        Assert.Equal(new[] { 3.0, 1, 4, 1, 5 }, Doubles(t["x"]));
        Assert.Equal(20, (int)t["nbinsx"]!);
        Assert.Equal("count", (string?)f["layout"]!["yaxis"]!["title"]!["text"]);
        Assert.Throws<ArgumentOutOfRangeException>("bins", () => Plots.Histogram([1.0], "t", "x", bins: 0));
    }

    [Fact]
    public void Heatmap_keeps_rows_and_labels_with_row_zero_on_top()
    {
        var z = new double[,] { { 1, 2, 3 }, { 4, 5, 6 } };
        var f = Figure(Plots.Heatmap(z, ["r0", "r1"], ["a", "b", "c"], "Attention", "key", "query", "weight"));
        var t = f["data"]![0]!;
        Assert.Equal(new[] { 1.0, 2, 3 }, Doubles(t["z"]![0]));
        Assert.Equal(new[] { 4.0, 5, 6 }, Doubles(t["z"]![1]));
        Assert.Equal(new string?[] { "a", "b", "c" }, Strings(t["x"]));
        Assert.Equal(new string?[] { "r0", "r1" }, Strings(t["y"]));
        Assert.Equal("weight", (string?)t["colorbar"]!["title"]!["text"]);
        Assert.Equal("reversed", (string?)f["layout"]!["yaxis"]!["autorange"]);
        Assert.Equal("query", (string?)f["layout"]!["yaxis"]!["title"]!["text"]);
        Assert.Throws<ArgumentException>("columnLabels", () => Plots.Heatmap(z, ["r0", "r1"], ["a", "b"], "t"));
        Assert.Throws<ArgumentException>("rowLabels", () => Plots.Heatmap(z, ["r0"], ["a", "b", "c"], "t"));
    }

    [Fact]
    public void EmbeddingScatter_one_trace_per_group_in_first_appearance_order()
    {
        var f = Figure(Plots.EmbeddingScatter([0, 1, 2, 3], [10, 11, 12, 13], "Items",
            groups: ["pop", "rare", "pop", "rare"], hoverText: ["i1", "i2", "i3", "i4"]));
        var data = f["data"]!.AsArray();
        Assert.Equal(new string?[] { "pop", "rare" }, data.Select(t => (string?)t!["name"]).ToArray());
        Assert.Equal(new[] { 0.0, 2 }, Doubles(data[0]!["x"]));
        Assert.Equal(new[] { 11.0, 13 }, Doubles(data[1]!["y"]));
        Assert.Equal(new string?[] { "i2", "i4" }, Strings(data[1]!["text"]));
        Assert.Equal("markers", (string?)data[0]!["mode"]);
        var single = Figure(Plots.EmbeddingScatter([0, 1], [2, 3], "Items"));
        Assert.Single(single["data"]!.AsArray());
        Assert.Throws<ArgumentException>("groups", () => Plots.EmbeddingScatter([0, 1], [2, 3], "t", groups: ["a"]));
    }
}
