using SeqRecLab.Reporting;
using SeqRecLab.Training;
using static SeqRecLab.Charts.PlotlyObjects;

namespace SeqRecLab.Charts;

/// <summary>
/// The charts notebooks share. Each returns a plotly.js <see cref="PlotlyFigure"/>: save it with
/// <see cref="ChartFile.SaveHtml"/>, or end a notebook cell with it after <c>NotebookFormatters.Register()</c>.
/// </summary>
public static class Plots
{
    /// <summary>
    /// One run's learning curve: mean training loss (left y-axis) and the validation metric (right y-axis)
    /// against the epoch, the step or elapsed minutes. Epochs without a validation value are skipped on the metric line.
    /// </summary>
    public static PlotlyFigure LearningCurve(TrainingHistory history, CurveAxis x = CurveAxis.Epoch, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var evaluated = history.Epochs.Where(e => e.ValidationMetric.HasValue).ToList();
        var traces = new List<Dictionary<string, object?>>
        {
            NewTrace("scatter", ("name", "train loss"), ("mode", "lines+markers"),
                ("x", history.Epochs.Select(e => XOf(e, x)).ToArray()), ("y", history.Epochs.Select(e => e.TrainLoss).ToArray())),
            NewTrace("scatter", ("name", $"validation {history.MetricName}"), ("mode", "lines+markers"), ("yaxis", "y2"),
                ("x", evaluated.Select(e => XOf(e, x)).ToArray()), ("y", evaluated.Select(e => e.ValidationMetric!.Value).ToArray())),
        };
        return BuildChart(traces, 900, 500, title ?? $"Learning curve ({history.MetricName})",
            ("xaxis", Axis(AxisTitle(x))),
            ("yaxis", Axis("train loss")),
            ("yaxis2", Axis($"validation {history.MetricName}", ("overlaying", "y"), ("side", "right"), ("showgrid", false))),
            ("legend", Obj(("orientation", "h"), ("y", -0.2))));
    }

    /// <summary>
    /// Several runs' learning curves in two stacked subplots: training loss on top, the validation metric below;
    /// each run keeps one colour in both. The metric's name is taken from the first run.
    /// </summary>
    public static PlotlyFigure LearningCurves(IReadOnlyList<(string Name, TrainingHistory History)> runs,
        CurveAxis x = CurveAxis.Epoch, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0) throw new ArgumentException("runs must hold at least one run; got none", nameof(runs));
        var traces = new List<Dictionary<string, object?>>();
        for (int r = 0; r < runs.Count; r++)
        {
            var (name, h) = runs[r];
            var colour = Obj(("color", Palette[r % Palette.Length]));
            var evaluated = h.Epochs.Where(e => e.ValidationMetric.HasValue).ToList();
            traces.Add(NewTrace("scatter", ("name", name), ("legendgroup", name), ("mode", "lines+markers"), ("line", colour), ("marker", colour),
                ("x", h.Epochs.Select(e => XOf(e, x)).ToArray()), ("y", h.Epochs.Select(e => e.TrainLoss).ToArray())));
            traces.Add(NewTrace("scatter", ("name", name), ("legendgroup", name), ("showlegend", false), ("mode", "lines+markers"),
                ("line", colour), ("marker", colour), ("xaxis", "x2"), ("yaxis", "y2"),
                ("x", evaluated.Select(e => XOf(e, x)).ToArray()), ("y", evaluated.Select(e => e.ValidationMetric!.Value).ToArray())));
        }
        var metric = runs[0].History.MetricName;
        return BuildChart(traces, 900, 700, title ?? $"Learning curves ({metric})",
            ("grid", Obj(("rows", 2), ("columns", 1), ("pattern", "independent"), ("roworder", "top to bottom"))),
            ("xaxis", Axis(AxisTitle(x))), ("yaxis", Axis("train loss")),
            ("xaxis2", Axis(AxisTitle(x))), ("yaxis2", Axis($"validation {metric}")));
    }

    /// <summary>
    /// Grouped bars: one group per category (e.g. dataset × metric), one bar per series (e.g. ours, paper).
    /// Each series must have one value per category (null: no bar).
    /// </summary>
    public static PlotlyFigure GroupedBars(IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series,
        string title, string yTitle, string? xTitle = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
            if (s.Values.Count != categories.Count)
                throw new ArgumentException($"series \"{s.Name}\" has {s.Values.Count} values; it must have one per category ({categories.Count})", nameof(series));
        var traces = series.Select(s => NewTrace("bar", ("name", s.Name), ("x", categories.ToArray()), ("y", s.Values.ToArray()),
            ("text", s.Values.Select(v => v.HasValue ? v.Value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) : "").ToArray()),
            ("textposition", "outside")));
        return BuildChart(traces, 900, 500, title, ("barmode", "group"), ("xaxis", Axis(xTitle)), ("yaxis", Axis(yTitle)));
    }

    /// <summary>Grouped bars of a comparison table: one group per row (setting · metric), bars "ours" and "paper".</summary>
    public static PlotlyFigure OursVsPaper(ResultsTable table, string? title = null, string yTitle = "value")
    {
        ArgumentNullException.ThrowIfNull(table);
        var categories = table.Rows.Select(r => $"{r.Setting} · {r.Metric}").ToList();
        return GroupedBars(categories,
            [new BarSeries("ours", table.Rows.Select(r => r.Ours).ToList()), new BarSeries("paper", table.Rows.Select(r => r.Paper).ToList())],
            title ?? (table.Title.Length > 0 ? table.Title : "Ours vs paper"), yTitle);
    }

    /// <summary>
    /// Lines of a metric against a parameter, one line per series (e.g. NDCG@10 against the embedding size per dataset).
    /// With <paramref name="logX"/> the x-axis is logarithmic (learning rates, regularisation weights).
    /// </summary>
    public static PlotlyFigure Lines(IReadOnlyList<Series> series, string title, string xTitle, string yTitle, bool logX = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        foreach (var s in series)
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"series \"{s.Name}\" has {s.X.Count} x values and {s.Y.Count} y values; they must match", nameof(series));
        var traces = series.Select(s => NewTrace("scatter", ("name", s.Name), ("mode", "lines+markers"),
            ("x", s.X.ToArray()), ("y", s.Y.Select(v => double.IsNaN(v) ? (double?)null : v).ToArray())));
        return BuildChart(traces, 900, 500, title, ("xaxis", Axis(xTitle, ("type", logX ? "log" : null))), ("yaxis", Axis(yTitle)));
    }

    /// <summary>A histogram of <paramref name="values"/> (y: count). <paramref name="bins"/>: the most bins plotly may use; null lets plotly choose.</summary>
    public static PlotlyFigure Histogram(IReadOnlyList<double> values, string title, string xTitle, int? bins = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (bins.HasValue) Check.Positive(bins.Value, nameof(bins));
        var trace = NewTrace("histogram", ("name", xTitle), ("x", values.ToArray()), ("nbinsx", bins));
        return BuildChart([trace], 800, 450, title, ("xaxis", Axis(xTitle)), ("yaxis", Axis("count")), ("bargap", 0.05));
    }

    /// <summary>
    /// A heatmap of <paramref name="z"/>[row, column], drawn like a matrix: row 0 at the top. Row and column labels
    /// must match the matrix's shape.
    /// </summary>
    public static PlotlyFigure Heatmap(double[,] z, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
        string title, string? xTitle = null, string? yTitle = null, string? colorbarTitle = null)
    {
        ArgumentNullException.ThrowIfNull(z);
        if (rowLabels.Count != z.GetLength(0))
            throw new ArgumentException($"rowLabels has {rowLabels.Count} labels; the matrix has {z.GetLength(0)} rows", nameof(rowLabels));
        if (columnLabels.Count != z.GetLength(1))
            throw new ArgumentException($"columnLabels has {columnLabels.Count} labels; the matrix has {z.GetLength(1)} columns", nameof(columnLabels));
        var rows = Enumerable.Range(0, z.GetLength(0)).Select(r => Enumerable.Range(0, z.GetLength(1)).Select(c => z[r, c]).ToArray()).ToArray();
        var trace = NewTrace("heatmap", ("z", rows), ("x", columnLabels.ToArray()), ("y", rowLabels.ToArray()),
            ("colorbar", colorbarTitle is null ? null : Obj(("title", Obj(("text", colorbarTitle))))));
        return BuildChart([trace], 800, 600, title,
            ("xaxis", Axis(xTitle, ("type", "category"))), ("yaxis", Axis(yTitle, ("type", "category"), ("autorange", "reversed"))));
    }

    /// <summary>
    /// A 2-D scatter of embeddings (e.g. from <see cref="Projection.Pca2D(TorchSharp.torch.Tensor)"/>). With <paramref name="groups"/>, points
    /// are coloured by group (one legend entry per group, in order of first appearance); <paramref name="hoverText"/>
    /// labels single points (e.g. item titles).
    /// </summary>
    public static PlotlyFigure EmbeddingScatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string title,
        IReadOnlyList<string>? groups = null, IReadOnlyList<string>? hoverText = null, string xTitle = "component 1", string yTitle = "component 2")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values and y has {y.Count}; they must match", nameof(y));
        if (groups is not null && groups.Count != x.Count) throw new ArgumentException($"groups has {groups.Count} labels; there are {x.Count} points", nameof(groups));
        if (hoverText is not null && hoverText.Count != x.Count) throw new ArgumentException($"hoverText has {hoverText.Count} labels; there are {x.Count} points", nameof(hoverText));
        var indexGroups = groups is null
            ? [("points", Enumerable.Range(0, x.Count).ToList())]
            : groups.Select((g, i) => (g, i)).GroupBy(p => p.g).Select(g => (g.Key, g.Select(p => p.i).ToList())).ToList();
        var traces = indexGroups.Select(g => NewTrace("scatter", ("name", g.Item1), ("mode", "markers"), ("marker", Obj(("size", 6), ("opacity", 0.8))),
            ("x", g.Item2.Select(i => x[i]).ToArray()), ("y", g.Item2.Select(i => y[i]).ToArray()),
            ("text", hoverText is null ? null : g.Item2.Select(i => hoverText[i]).ToArray())));
        return BuildChart(traces, 800, 650, title, ("xaxis", Axis(xTitle)), ("yaxis", Axis(yTitle)), ("showlegend", groups is not null));
    }

    static double XOf(EpochRecord e, CurveAxis x) => x switch
    {
        CurveAxis.Epoch => e.Epoch,
        CurveAxis.Step => e.Step,
        _ => e.Elapsed.TotalMinutes,
    };

    static string AxisTitle(CurveAxis x) => x switch
    {
        CurveAxis.Epoch => "epoch",
        CurveAxis.Step => "training step",
        _ => "elapsed (minutes)",
    };
}
