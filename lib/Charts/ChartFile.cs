using Plotly.NET;
using SeqRecLab.IO;

namespace SeqRecLab.Charts;

/// <summary>Turns charts into HTML: standalone files for reports, fragments for notebook outputs. Never opens a browser.</summary>
public static class ChartFile
{
    /// <summary>
    /// Where the notebook fragment loads plotly.js from (through require.js, as .NET Interactive notebooks expect):
    /// the plotly.js version Plotly.NET 6.0.0 is built for.
    /// </summary>
    public const string PlotlyJsRequirePath = "https://cdn.plot.ly/plotly-2.28.0.min";

    /// <summary>
    /// Writes <paramref name="chart"/> as a standalone HTML page at <paramref name="path"/>, with the full plotly.js
    /// embedded (about 3.6 MB; the page works offline), atomically: the final name only ever holds a complete file.
    /// Creates the folder if needed and replaces an existing file.
    /// </summary>
    /// <param name="chart">The chart.</param>
    /// <param name="path">The target file, usually ending in <c>.html</c>.</param>
    /// <param name="documentTitle">The page title (the browser tab); defaults to the file name without extension.</param>
    /// <returns>The full path written.</returns>
    public static string SaveHtml(GenericChart chart, string path, string? documentTitle = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("path must name a file; got an empty string", nameof(path));
        var full = Path.GetFullPath(path);
        var options = DisplayOptions.init(documentTitle ?? Path.GetFileNameWithoutExtension(full), "utf-8", null, null, null, null, PlotlyJSReference.Full);
        AtomicFile.WriteAllText(full, GenericChart.toEmbeddedHTML(GenericChart.addDisplayOptions(options, chart)));
        return full;
    }

    /// <summary>
    /// The chart as an HTML fragment (a <c>div</c> and the <c>script</c> that draws into it) for notebook outputs.
    /// plotly.js is not embedded: the script loads it from <see cref="PlotlyJsRequirePath"/> through require.js when
    /// the notebook is viewed, so outputs stay small (use <see cref="SaveHtml"/> for offline copies).
    /// </summary>
    public static string ToHtmlFragment(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var options = DisplayOptions.init(null, null, null, null, null, null, PlotlyJSReference.NewRequire(PlotlyJsRequirePath));
        return GenericChart.toChartHTML(GenericChart.addDisplayOptions(options, chart));
    }
}
