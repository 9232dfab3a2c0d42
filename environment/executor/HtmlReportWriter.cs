using System.Net;
using System.Text;
using Microsoft.DotNet.Interactive.Documents;

namespace SeqRecLab.Executor;

/// <summary>
/// A standalone HTML page of an executed notebook: Markdown cells rendered (<see cref="MarkdownRenderer"/>), code
/// cells with their source and outputs. HTML outputs (charts, tables) are inlined as they are; plain text, console
/// streams and errors are shown preformatted. Charts draw offline: the first chart output of a run carries plotly.js (the library's
/// <c>NotebookFormatters</c>).
/// </summary>
public static class HtmlReportWriter
{
    const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
        .cell { margin: 1em 0; }
        .code pre.source { background: #f6f8fa; border-left: 4px solid #0969da; padding: .6em; overflow-x: auto; }
        .prompt { color: #888; font-size: .8em; font-family: monospace; }
        .output { margin: .3em 0 .3em 1.2em; overflow-x: auto; }
        pre.stream { margin: 0; white-space: pre-wrap; }
        pre.stderr { background: #fff5e6; }
        pre.error { background: #ffeef0; color: #86181d; white-space: pre-wrap; padding: .5em; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: .25em .5em; }
        .summary { padding: .5em 1em; border-radius: 4px; }
        .ok { background: #e6ffed; } .failed { background: #ffeef0; }
        """;

    /// <summary>The report for <paramref name="notebook"/>; <paramref name="status"/> is shown at the top (e.g. "succeeded in 3.1 s").</summary>
    public static string Render(InteractiveDocument notebook, string title, string status, bool succeeded)
    {
        var html = new StringBuilder()
            .Append($"<div class=\"summary {(succeeded ? "ok" : "failed")}\">").Append(WebUtility.HtmlEncode(title)).Append(": ")
            .Append(WebUtility.HtmlEncode(status)).Append("</div>\n");
        for (int i = 0; i < notebook.Elements.Count; i++)
        {
            var cell = notebook.Elements[i];
            if (!NotebookFile.IsCode(cell))
            {
                html.Append($"<div class=\"cell markdown\" id=\"cell-{i + 1}\">\n").Append(MarkdownRenderer.ToHtml(cell.Contents)).Append("</div>\n");
                continue;
            }
            var count = cell.ExecutionOrder > 0 ? cell.ExecutionOrder.ToString(System.Globalization.CultureInfo.InvariantCulture) : " ";
            html.Append($"<div class=\"cell code\" id=\"cell-{i + 1}\">\n<div class=\"prompt\">In [{count}]:</div>\n")
                .Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(cell.Contents)).Append("</code></pre>\n");
            foreach (var output in cell.Outputs) AppendOutput(html, output);
            html.Append("</div>\n");
        }
        var head = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n");
        return head.Append("</head>\n<body>\n").Append(html).Append("</body>\n</html>\n").ToString();
    }

    static void AppendOutput(StringBuilder html, InteractiveDocumentOutputElement output)
    {
        html.Append("<div class=\"output\">");
        switch (output)
        {
            case TextElement t:
                html.Append($"<pre class=\"stream {t.Name}\">").Append(WebUtility.HtmlEncode(t.Text)).Append("</pre>");
                break;
            case var o when NotebookFile.Html(o) is { } h:
                html.Append(h);
                break;
            case var o when NotebookFile.Data(o) is { } d && d.TryGetValue("text/plain", out var p):
                html.Append("<pre>").Append(WebUtility.HtmlEncode(p?.ToString())).Append("</pre>");
                break;
            case var o when NotebookFile.Data(o) is { } d:
                foreach (var (mime, value) in d)
                    html.Append($"<pre title=\"{WebUtility.HtmlEncode(mime)}\">").Append(WebUtility.HtmlEncode(value?.ToString())).Append("</pre>");
                break;
            case ErrorElement e:
                html.Append("<pre class=\"error\">").Append(WebUtility.HtmlEncode($"{e.ErrorName}: {e.ErrorValue}\n{string.Join("\n", e.StackTrace)}")).Append("</pre>");
                break;
        }
        html.Append("</div>\n");
    }
}
