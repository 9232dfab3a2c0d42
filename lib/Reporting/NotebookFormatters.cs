using System.Reflection;
using Microsoft.Data.Analysis;
using Plotly.NET;
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

    /// <summary>
    /// Registers HTML formatters for <see cref="GenericChart"/> (<see cref="ChartFile.ToHtmlFragment"/>),
    /// <see cref="DataFrame"/> (<see cref="Tables.ToHtml"/>, first 100 rows) and <see cref="ResultsTable"/>
    /// (<see cref="ResultsTable.ToHtml"/>) with every loaded .NET Interactive formatter. Safe to call more than once
    /// (a later registration replaces an earlier one).
    /// </summary>
    /// <returns>True when at least one formatter was found and registered with; false (and nothing done) when none is loaded.</returns>
    public static bool Register()
    {
        var registered = false;
        foreach (var register in FindRegisterMethods())
        {
            Add(register, typeof(GenericChart), (o, w) => w.Write(ChartFile.ToHtmlFragment((GenericChart)o)));
            Add(register, typeof(DataFrame), (o, w) => w.Write(Tables.ToHtml((DataFrame)o)));
            Add(register, typeof(ResultsTable), (o, w) => w.Write(((ResultsTable)o).ToHtml()));
            registered = true;
        }
        return registered;
    }

    static void Add(MethodInfo register, Type type, Action<object, TextWriter> format) =>
        register.Invoke(null, [type, format, HtmlMimeType]);

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
