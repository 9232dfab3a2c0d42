using DynamicObj;
using Plotly.NET;

namespace SeqRecLab.Charts;

/// <summary>
/// Builds Plotly.NET charts from plotly.js attribute names (the figure schema at https://plotly.com/javascript/reference/).
/// Plotly.NET 6's high-level F# functions (<c>Chart.Line</c>, <c>Chart.withXAxisStyle</c>) take F# optional parameters,
/// which C# must spell out one by one (30+ per call); setting the plotly.js attributes on Plotly.NET's own
/// <see cref="Trace2D"/> and <see cref="Layout"/> objects gives the same charts and reads plainly from C#.
/// </summary>
internal static class PlotlyObjects
{
    /// <summary>Plotly's default colour sequence, used where a series must keep its colour across subplots.</summary>
    internal static readonly string[] Palette =
        ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"];

    /// <summary>A plain object with the given attributes; null values are left out.</summary>
    internal static DynamicObj.DynamicObj Obj(params (string Name, object? Value)[] attributes) => Set(new DynamicObj.DynamicObj(), attributes);

    /// <summary>A 2-D trace of <paramref name="type"/> (scatter, bar, histogram, heatmap) with the given attributes.</summary>
    internal static Trace2D NewTrace(string type, params (string Name, object? Value)[] attributes) => Set(new Trace2D(type), attributes);

    /// <summary>An axis with a title.</summary>
    internal static DynamicObj.DynamicObj Axis(string? title, params (string Name, object? Value)[] attributes) =>
        Set(Obj(("title", title is null ? null : Obj(("text", title)))), attributes);

    /// <summary>Combines the traces into one chart with Plotly.NET's default template and the given layout attributes.</summary>
    internal static GenericChart BuildChart(IEnumerable<Trace> traces, int width, int height, string? title,
        params (string Name, object? Value)[] layoutAttributes)
    {
        var chart = GenericChart.combine(traces.Select(t => GenericChart.ofTraceObject(true, t)).ToList());
        var layout = Set(new Layout(), layoutAttributes);
        layout.SetProperty("width", width);
        layout.SetProperty("height", height);
        if (title is not null) layout.SetProperty("title", Obj(("text", title)));
        return GenericChart.addLayout(layout, chart);
    }

    static T Set<T>(T target, (string Name, object? Value)[] attributes) where T : DynamicObj.DynamicObj
    {
        foreach (var (name, value) in attributes)
            if (value is not null) target.SetProperty(name, value);
        return target;
    }
}
