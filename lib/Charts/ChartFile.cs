using System.Net;
using SeqRecLab.IO;

namespace SeqRecLab.Charts;

/// <summary>Turns figures into HTML: standalone pages for reports, fragments for notebook outputs. Never opens a browser.</summary>
public static class ChartFile
{
    /// <summary>
    /// Writes <paramref name="figure"/> as a standalone HTML page at <paramref name="path"/>, with plotly.js embedded
    /// (about 1.4 MB; the page works offline), atomically: the final name only ever holds a complete file.
    /// Creates the folder if needed and replaces an existing file.
    /// </summary>
    /// <param name="figure">The figure.</param>
    /// <param name="path">The target file, usually ending in <c>.html</c>.</param>
    /// <param name="documentTitle">The page title (the browser tab); defaults to the file name without extension.</param>
    /// <returns>The full path written.</returns>
    public static string SaveHtml(PlotlyFigure figure, string path, string? documentTitle = null)
    {
        ArgumentNullException.ThrowIfNull(figure);
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("path must name a file; got an empty string", nameof(path));
        var full = Path.GetFullPath(path);
        var title = WebUtility.HtmlEncode(documentTitle ?? Path.GetFileNameWithoutExtension(full));
        AtomicFile.WriteAllText(full,
            $"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\"/>\n<title>{title}</title>\n{PlotlyJs.LoaderScript()}</head>\n" +
            $"<body>\n{ToHtmlFragment(figure)}\n</body>\n</html>\n");
        return full;
    }

    /// <summary>
    /// The figure as an HTML fragment for a notebook output: a <c>div</c> and the <c>script</c> that draws into it
    /// with <c>window.Plotly</c>. With <paramref name="includePlotlyJs"/> the fragment starts with
    /// <see cref="PlotlyJs.LoaderScript"/> (1.4 MB), so it draws with no other output and no network; without it, it
    /// draws once some earlier output of the page has loaded plotly.js (the fragment waits in a queue until then) and
    /// says so in the chart's place when none has after a few seconds.
    /// </summary>
    public static string ToHtmlFragment(PlotlyFigure figure, bool includePlotlyJs = false)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var id = "seqrec-plot-" + Guid.NewGuid().ToString("N");
        var missing = "This chart needs plotly.js, which the first chart output of a notebook run carries. " +
                      "Run the setup cell (NotebookFormatters.Register()) and this cell again.";
        var draw =
            "<script type=\"text/javascript\">\n(function () {\n" +
            $"  var figure = {figure.ToJson()};\n" +
            $"  var draw = function () {{ window.Plotly.newPlot('{id}', figure.data, figure.layout, {{ responsive: true }}); }};\n" +
            "  if (window.Plotly) { draw(); return; }\n" +
            $"  (window.{PlotlyJs.QueueName} = window.{PlotlyJs.QueueName} || []).push(draw);\n" +
            $"  setTimeout(function () {{ if (!window.Plotly) document.getElementById('{id}').textContent = {System.Text.Json.JsonSerializer.Serialize(missing)}; }}, 5000);\n" +
            "})();\n</script>";
        return (includePlotlyJs ? PlotlyJs.LoaderScript() : "") + $"<div id=\"{id}\"></div>\n" + draw;
    }
}
