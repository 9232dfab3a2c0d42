using System.Reflection;

namespace SeqRecLab.Executor;

/// <summary>
/// Makes Plotly.NET charts draw in the standalone HTML report, offline. A chart output (Plotly.NET's notebook form)
/// asks require.js for <c>plotly</c> and, when no require.js is on the page, fetches one from a CDN. The report instead
/// carries plotly.js itself, taken from the Plotly.NET assembly the notebook loaded (it embeds the plotly.js it was
/// built for), and a three-line stand-in for require.js that hands the charts that copy. When Plotly.NET is not loaded
/// in this process, the report links plotly.js from its CDN instead (charts then need a connection).
/// </summary>
public static class PlotlyReportScripts
{
    /// <summary>The marker of a Plotly.NET chart output.</summary>
    public const string ChartMarker = "fsharpPlotlyRequire";

    /// <summary>Where plotly.js is linked from when no embedded copy is found.</summary>
    public const string CdnUrl = "https://cdn.plot.ly/plotly-2.28.0.min.js";

    /// <summary>A minimal AMD <c>requirejs</c> with <c>config</c>: every request gets <c>window.Plotly</c>.</summary>
    public const string RequireShim = """
        window.requirejs = function (deps, callback) { callback(window.Plotly); };
        window.requirejs.config = function () { return window.requirejs; };
        """;

    /// <summary>True when some HTML output of the report is a Plotly.NET chart.</summary>
    public static bool Needed(string body) => body.Contains(ChartMarker, StringComparison.Ordinal);

    /// <summary>The &lt;script&gt; elements for the report's &lt;head&gt;: plotly.js (inlined when available), then the shim.</summary>
    public static string HeadScripts()
    {
        var plotly = EmbeddedPlotlyJs();
        var first = plotly is null
            ? $"<script src=\"{CdnUrl}\"></script>\n"
            : "<script type=\"text/javascript\">\n" + plotly.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "\n</script>\n";
        return first + "<script type=\"text/javascript\">\n" + RequireShim + "</script>\n";
    }

    /// <summary>plotly.js from a loaded Plotly.NET assembly's resources (<c>*plotly*.min.js</c>), or null.</summary>
    public static string? EmbeddedPlotlyJs()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || assembly.GetName().Name != "Plotly.NET") continue;
            var name = assembly.GetManifestResourceNames()
                .FirstOrDefault(n => n.Contains("plotly", StringComparison.OrdinalIgnoreCase) && n.EndsWith(".min.js", StringComparison.OrdinalIgnoreCase));
            if (name is null) continue;
            using var stream = assembly.GetManifestResourceStream(name);
            if (stream is null) continue;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        return null;
    }
}
