using Microsoft.DotNet.Interactive.Formatting;

namespace SeqRecLab.Executor;

/// <summary>
/// Turns values into MIME-typed text with <c>Microsoft.DotNet.Interactive.Formatting.Formatter</c>, the formatter
/// .NET Interactive uses, loaded once into the default load context and shared with the notebooks' code (a library
/// that registers formatters through reflection on that type reaches this very instance).
/// </summary>
public static class DisplayFormatter
{
    /// <summary>HTML.</summary>
    public const string Html = "text/html";

    /// <summary>Plain text.</summary>
    public const string Plain = "text/plain";

    /// <summary>The formatter assembly every script references.</summary>
    public static System.Reflection.Assembly FormattingAssembly => typeof(Formatter).Assembly;

    /// <summary>
    /// Formats <paramref name="value"/>. With <paramref name="mimeTypes"/> given, one entry per MIME type, as
    /// .NET Interactive's <c>display(value, mimeTypes)</c> does. Without, <c>text/html</c> (followed by
    /// <c>text/plain</c>) when the value is HTML content (<c>HTML("...")</c>) or a non-default HTML formatter is
    /// registered for its type (see <see cref="HasRegisteredHtmlFormatter"/>), else <c>text/plain</c> only.
    /// Strings are text: <c>display("&lt;b&gt;", "text/html")</c> shows the characters, as in .NET Interactive;
    /// use <c>display(HTML("&lt;b&gt;x&lt;/b&gt;"))</c> for markup.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        var data = new Dictionary<string, string>();
        if (mimeTypes is { Count: > 0 })
        {
            foreach (var m in mimeTypes)
            {
                if (string.IsNullOrWhiteSpace(m)) throw new ArgumentException("a MIME type must not be empty", nameof(mimeTypes));
                data[m] = Formatter.ToDisplayString(value, m);
            }
            return data;
        }
        if (value is Microsoft.AspNetCore.Html.IHtmlContent || value is not null && HasRegisteredHtmlFormatter(value.GetType()))
            data[Html] = Formatter.ToDisplayString(value, Html);
        data[Plain] = Formatter.ToDisplayString(value, Plain);
        return data;
    }

    /// <summary>
    /// True when the formatter .NET Interactive would pick for <paramref name="type"/> and <c>text/html</c> is one that
    /// code registered (<c>Formatter.Register</c>, or a type's formatter source), not one of the built-in defaults.
    /// </summary>
    public static bool HasRegisteredHtmlFormatter(Type type)
    {
        // "not a built-in default" rather than "in the registered list": the formatter keeps a per-type cache of the
        // preferred formatter, which can hold a registered formatter that a later registration for the same type
        // has replaced in the list (seen when a second notebook of one process registers the same type again).
        if (!Formatter.RegisteredFormatters(includeDefaults: false).Any(f => f.MimeType == Html)) return false;
        var defaults = Formatter.RegisteredFormatters(includeDefaults: true).Except(Formatter.RegisteredFormatters(includeDefaults: false)).ToList();
        var preferred = Formatter.GetPreferredFormatterFor(type, Html);
        return !defaults.Contains(preferred);
    }
}
