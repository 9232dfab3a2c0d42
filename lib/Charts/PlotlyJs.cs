using System.Reflection;

namespace SeqRecLab.Charts;

/// <summary>
/// The plotly.js the library draws with, embedded in the assembly (the cartesian bundle; see
/// <c>lib/Charts/plotlyjs/README.md</c> for where it comes from), and the script that makes it available to the
/// charts of a page or a notebook without a network connection.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The plotly.js version embedded.</summary>
    public const string Version = "3.7.0";

    /// <summary>The npm package it was taken from.</summary>
    public const string Package = "plotly.js-cartesian-dist-min";

    /// <summary>The SHA-256 of the embedded file (hex, lower case).</summary>
    public const string Sha256 = "7c593b9eda0e74a1d07335cf89cbf7a55ffc114909980c3729af835453bdb02a";

    /// <summary>The JavaScript global that queues charts drawn before plotly.js has arrived.</summary>
    public const string QueueName = "seqrecPlotlyQueue";

    const string ResourceName = "SeqRecLab.Charts.plotly-cartesian.min.js";

    static readonly Lazy<string> source = new(() =>
    {
        using var stream = typeof(PlotlyJs).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the SeqRecLab assembly has no resource {ResourceName}; it was built without plotly.js");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>The minified plotly.js source (about 1.4 MB).</summary>
    public static string Source => source.Value;

    /// <summary>
    /// A <c>&lt;script&gt;</c> element that defines <c>window.Plotly</c> from the embedded copy, unless the page already
    /// has it, and then draws the charts queued by <see cref="ChartFile.ToHtmlFragment"/> fragments that ran first.
    /// The bundle sets <c>window.Plotly</c> itself; <c>module</c> and <c>exports</c> are hidden from it so that a
    /// CommonJS or AMD loader on the page (Jupyter's require.js) cannot take it instead.
    /// </summary>
    public static string LoaderScript() =>
        "<script type=\"text/javascript\">\n" +
        "if (!window.Plotly) { (function (module, exports, define) {\n" +
        Source.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) +
        "\n}).call(window); }\n" +
        $"(window.{QueueName} || []).splice(0).forEach(function (draw) {{ draw(); }});\n" +
        "</script>\n";
}
