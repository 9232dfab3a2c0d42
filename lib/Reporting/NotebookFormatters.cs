using System.Reflection;
using Microsoft.Data.Analysis;
using SeqRecLab.Charts;

namespace SeqRecLab.Reporting;

/// <summary>
/// Makes charts and tables show as HTML in .NET Interactive / Polyglot notebooks and in our headless executor.
/// The library does not reference .NET Interactive (each host brings its own copy): <see cref="Register"/> looks for
/// <c>Microsoft.DotNet.Interactive.Formatting.Formatter</c> among the loaded assemblies and calls its
/// <c>Register(Type, Action&lt;object, TextWriter&gt;, string mimeType)</c> by reflection.
/// </summary>
public static class NotebookFormatters
{
    /// <summary>The full name of the formatter class looked for.</summary>
    public const string FormatterTypeName = "Microsoft.DotNet.Interactive.Formatting.Formatter";

    /// <summary>The MIME type the formatters are registered for.</summary>
    public const string HtmlMimeType = "text/html";

    /// <summary>The MIME type of the plain-text forms.</summary>
    public const string PlainTextMimeType = "text/plain";

    /// <summary>What a chart shows as plain text (a chart has no useful text form).</summary>
    public const string PlainTextChart = "[Plotly chart: shown in the notebook or the HTML report]";

    static int plotlyJsShown;

    /// <summary>
    /// Registers HTML formatters for <see cref="PlotlyFigure"/> (<see cref="ChartFile.ToHtmlFragment"/>),
    /// <see cref="DataFrame"/> (<see cref="Tables.ToHtml"/>, first 100 rows) and <see cref="ResultsTable"/>
    /// (<see cref="ResultsTable.ToHtml"/>) with every loaded .NET Interactive formatter, and short <c>text/plain</c> forms
    /// (a one-line placeholder for charts, aligned text tables for the others). Safe to call more than once
    /// (a later registration replaces an earlier one).
    /// The first chart shown after each call carries plotly.js (<see cref="PlotlyJs.LoaderScript"/>), the later ones
    /// use it: a notebook run's outputs, saved, draw offline with one copy of plotly.js.
    /// </summary>
    /// <returns>True when at least one formatter was found and registered with; false (and nothing done) when none is loaded.</returns>
    public static bool Register()
    {
        var registered = false;
        Interlocked.Exchange(ref plotlyJsShown, 0);
        foreach (var register in FindRegisterMethods())
        {
            Add(register, typeof(PlotlyFigure), (o, w) =>
                w.Write(ChartFile.ToHtmlFragment((PlotlyFigure)o, includePlotlyJs: Interlocked.Exchange(ref plotlyJsShown, 1) == 0)));
            Add(register, typeof(DataFrame), (o, w) => w.Write(Tables.ToHtml((DataFrame)o)));
            Add(register, typeof(ResultsTable), (o, w) => w.Write(((ResultsTable)o).ToHtml()));
            // plain-text forms, for terminals and text-only viewers (the default would dump the objects' internals)
            Add(register, typeof(PlotlyFigure), (o, w) => w.Write(PlainTextChart), PlainTextMimeType);
            Add(register, typeof(DataFrame), (o, w) => w.Write(Tables.ToText((DataFrame)o)), PlainTextMimeType);
            Add(register, typeof(ResultsTable), (o, w) => w.Write(((ResultsTable)o).ToText()), PlainTextMimeType);
            registered = true;
        }
        return registered;
    }

    static void Add(MethodInfo register, Type type, Action<object, TextWriter> format, string mimeType = HtmlMimeType) =>
        register.Invoke(null, [type, format, mimeType]);

    /// <summary>Each loaded <c>Formatter.Register(Type, Action&lt;object, TextWriter&gt;, string)</c>, one per loaded copy of the assembly.</summary>
    static IEnumerable<MethodInfo> FindRegisterMethods()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic || assembly.GetName().Name != "Microsoft.DotNet.Interactive.Formatting") continue;
            var method = assembly.GetType(FormatterTypeName)?.GetMethod("Register", BindingFlags.Public | BindingFlags.Static,
                [typeof(Type), typeof(Action<object, TextWriter>), typeof(string)]);
            if (method is not null) yield return method;
        }
    }
}
