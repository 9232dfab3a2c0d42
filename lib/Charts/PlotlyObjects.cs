namespace SeqRecLab.Charts;

/// <summary>
/// Builds plotly.js figures from attribute names and values (the schema at https://plotly.com/javascript/reference/):
/// traces, layouts and nested objects are dictionaries; null values are left out.
/// </summary>
internal static class PlotlyObjects
{
    /// <summary>Plotly's default colour sequence, used where a series must keep its colour across subplots.</summary>
    internal static readonly string[] Palette =
        ["#636efa", "#EF553B", "#00cc96", "#ab63fa", "#FFA15A", "#19d3f3", "#FF6692", "#B6E880", "#FF97FF", "#FECB52"];

    /// <summary>A plain object with the given attributes; null values are left out.</summary>
    internal static Dictionary<string, object?> Obj(params (string Name, object? Value)[] attributes)
    {
        var o = new Dictionary<string, object?>();
        foreach (var (name, value) in attributes)
            if (value is not null) o[name] = value;
        return o;
    }

    /// <summary>A trace of <paramref name="type"/> (scatter, bar, histogram, heatmap) with the given attributes.</summary>
    internal static Dictionary<string, object?> NewTrace(string type, params (string Name, object? Value)[] attributes) =>
        Obj([("type", type), .. attributes]);

    /// <summary>An axis with a title.</summary>
    internal static Dictionary<string, object?> Axis(string? title, params (string Name, object? Value)[] attributes) =>
        Obj([("title", title is null ? null : Obj(("text", title))), .. attributes]);

    /// <summary>The figure of <paramref name="traces"/> with a title, a size and the given layout attributes.</summary>
    internal static PlotlyFigure BuildChart(IEnumerable<Dictionary<string, object?>> traces, int width, int height, string? title,
        params (string Name, object? Value)[] layoutAttributes) =>
        new(traces, Obj([.. layoutAttributes, ("width", width), ("height", height), ("title", title is null ? null : Obj(("text", title)))]));
}
