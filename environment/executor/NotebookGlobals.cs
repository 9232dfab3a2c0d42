namespace SeqRecLab.Executor;

/// <summary>
/// The members every notebook cell sees unqualified (Roslyn script globals), matching the .NET Interactive helpers
/// our notebooks use.
/// </summary>
public sealed class NotebookGlobals
{
    readonly OutputSink sink;

    internal NotebookGlobals(OutputSink sink) => this.sink = sink;

    /// <summary>
    /// Shows <paramref name="value"/> below the cell, formatted for <paramref name="mimeTypes"/> (none: chosen per value,
    /// see <see cref="DisplayFormatter.Format"/>). Returns a handle whose <see cref="DisplayedValue.Update"/> replaces it.
    /// </summary>
#pragma warning disable IDE1006 // lower-case name: the .NET Interactive helper is called display
    public DisplayedValue display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        var output = sink.Data(isResult: false, DisplayFormatter.Format(value, mimeTypes));
        return new DisplayedValue(sink, output, mimeTypes);
    }

    /// <summary>Marks <paramref name="content"/> as HTML markup (shown as is, not escaped), like .NET Interactive's <c>HTML(...)</c>.</summary>
#pragma warning disable IDE1006
    public Microsoft.AspNetCore.Html.IHtmlContent HTML(string content) => new Microsoft.AspNetCore.Html.HtmlString(content);
#pragma warning restore IDE1006
}
