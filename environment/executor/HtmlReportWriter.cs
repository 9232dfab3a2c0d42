using System.Net;
using System.Text;

namespace SeqRecLab.Executor;

/// <summary>
/// A standalone HTML page of an executed notebook: Markdown cells rendered (<see cref="MarkdownRenderer"/>), code
/// cells with their source and outputs. HTML outputs (charts, tables) are inlined as they are; plain text, console
/// streams and errors are shown preformatted. Plotly.NET charts draw offline (<see cref="PlotlyReportScripts"/>).
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
    public static string Render(Notebook notebook, string title, string status, bool succeeded)
    {
        var html = new StringBuilder()
            .Append($"<div class=\"summary {(succeeded ? "ok" : "failed")}\">").Append(WebUtility.HtmlEncode(title)).Append(": ")
            .Append(WebUtility.HtmlEncode(status)).Append("</div>\n");
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.CellType == "markdown")
            {
                html.Append($"<div class=\"cell markdown\" id=\"cell-{i + 1}\">\n").Append(MarkdownRenderer.ToHtml(cell.Source)).Append("</div>\n");
                continue;
            }
            if (!cell.IsCode)
            {
                html.Append($"<div class=\"cell raw\" id=\"cell-{i + 1}\"><pre>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</pre></div>\n");
                continue;
            }
            html.Append($"<div class=\"cell code\" id=\"cell-{i + 1}\">\n<div class=\"prompt\">In [{(cell.ExecutionCount?.ToString() ?? " ")}]:</div>\n")
                .Append("<pre class=\"source\"><code>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>\n");
            foreach (var output in cell.Outputs) AppendOutput(html, output);
            html.Append("</div>\n");
        }
        var body = html.ToString();
        var head = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
            .Append(WebUtility.HtmlEncode(title)).Append("</title>\n<style>\n").Append(Style).Append("\n</style>\n");
        if (PlotlyReportScripts.Needed(body)) head.Append(PlotlyReportScripts.HeadScripts());
        return head.Append("</head>\n<body>\n").Append(body).Append("</body>\n</html>\n").ToString();
    }

    static void AppendOutput(StringBuilder html, CellOutput output)
    {
        html.Append("<div class=\"output\">");
        switch (output)
        {
            case StreamOutput s:
                html.Append($"<pre class=\"stream {s.Name}\">").Append(WebUtility.HtmlEncode(s.Text)).Append("</pre>");
                break;
            case DataOutput d when d.Data.TryGetValue(DisplayFormatter.Html, out var h):
                html.Append(h);
                break;
            case DataOutput d when d.Data.TryGetValue(DisplayFormatter.Plain, out var p):
                html.Append("<pre>").Append(WebUtility.HtmlEncode(p)).Append("</pre>");
                break;
            case DataOutput d:
                foreach (var (mime, text) in d.Data)
                    html.Append($"<pre title=\"{WebUtility.HtmlEncode(mime)}\">").Append(WebUtility.HtmlEncode(text)).Append("</pre>");
                break;
            case ErrorOutput e:
                html.Append("<pre class=\"error\">").Append(WebUtility.HtmlEncode($"{e.Name}: {e.Value}\n{string.Join("\n", e.Traceback)}")).Append("</pre>");
                break;
        }
        html.Append("</div>\n");
    }
}
