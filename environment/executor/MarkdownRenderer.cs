using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace SeqRecLab.Executor;

/// <summary>
/// A small Markdown-to-HTML renderer for the report: ATX headings, paragraphs, bullet and numbered lists, fenced and
/// indented code, pipe tables, block quotes, horizontal rules, and inline code, bold, italic, links and images.
/// Everything else is shown as text (HTML in the Markdown is escaped, never passed through). Math stays as written.
/// </summary>
public static class MarkdownRenderer
{
    static readonly Regex Heading = new(@"^(#{1,6})\s+(.*?)\s*#*\s*$", RegexOptions.Compiled);
    static readonly Regex Bullet = new(@"^\s*[-*+]\s+(.*)$", RegexOptions.Compiled);
    static readonly Regex Numbered = new(@"^\s*\d+[.)]\s+(.*)$", RegexOptions.Compiled);
    static readonly Regex TableSeparator = new(@"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$", RegexOptions.Compiled);
    static readonly Regex Rule = new(@"^\s*([-*_])(\s*\1){2,}\s*$", RegexOptions.Compiled);

    /// <summary>Renders <paramref name="markdown"/> to an HTML fragment.</summary>
    public static string ToHtml(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var html = new StringBuilder();
        int i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line)) { i++; continue; }
            if (line.TrimStart().StartsWith("```") || line.TrimStart().StartsWith("~~~"))
            {
                var fence = line.TrimStart()[..3];
                var code = new List<string>();
                i++;
                while (i < lines.Length && !lines[i].TrimStart().StartsWith(fence)) code.Add(lines[i++]);
                i++;
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(string.Join("\n", code))).Append("</code></pre>\n");
                continue;
            }
            if (Heading.Match(line) is { Success: true } h)
            {
                int level = h.Groups[1].Length;
                html.Append($"<h{level}>").Append(Inline(h.Groups[2].Value)).Append($"</h{level}>\n");
                i++;
                continue;
            }
            if (Rule.IsMatch(line)) { html.Append("<hr/>\n"); i++; continue; }
            if (line.Contains('|') && i + 1 < lines.Length && TableSeparator.IsMatch(lines[i + 1]))
            {
                html.Append("<table>\n<thead><tr>");
                foreach (var c in Cells(line)) html.Append("<th>").Append(Inline(c)).Append("</th>");
                html.Append("</tr></thead>\n<tbody>\n");
                i += 2;
                while (i < lines.Length && lines[i].Contains('|') && !string.IsNullOrWhiteSpace(lines[i]))
                {
                    html.Append("<tr>");
                    foreach (var c in Cells(lines[i])) html.Append("<td>").Append(Inline(c)).Append("</td>");
                    html.Append("</tr>\n");
                    i++;
                }
                html.Append("</tbody>\n</table>\n");
                continue;
            }
            if (Bullet.IsMatch(line) || Numbered.IsMatch(line))
            {
                bool ordered = !Bullet.IsMatch(line);
                var pattern = ordered ? Numbered : Bullet;
                html.Append(ordered ? "<ol>\n" : "<ul>\n");
                while (i < lines.Length && pattern.Match(lines[i]) is { Success: true } m)
                {
                    var item = new StringBuilder(m.Groups[1].Value);
                    i++;
                    // continuation lines: indented, not a new item
                    while (i < lines.Length && lines[i].StartsWith("  ") && !string.IsNullOrWhiteSpace(lines[i]) && !pattern.IsMatch(lines[i]))
                        item.Append(' ').Append(lines[i++].Trim());
                    html.Append("<li>").Append(Inline(item.ToString())).Append("</li>\n");
                }
                html.Append(ordered ? "</ol>\n" : "</ul>\n");
                continue;
            }
            if (line.StartsWith("    ") || line.StartsWith("\t"))
            {
                var code = new List<string>();
                while (i < lines.Length && (lines[i].StartsWith("    ") || lines[i].StartsWith("\t") || string.IsNullOrWhiteSpace(lines[i])))
                    code.Add(lines[i].StartsWith("\t") ? lines[i++][1..] : lines[i].Length >= 4 ? lines[i++][4..] : lines[i++].Trim());
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(string.Join("\n", code).TrimEnd())).Append("</code></pre>\n");
                continue;
            }
            if (line.TrimStart().StartsWith('>'))
            {
                var quote = new List<string>();
                while (i < lines.Length && lines[i].TrimStart().StartsWith('>')) quote.Add(lines[i++].TrimStart()[1..].TrimStart());
                html.Append("<blockquote>").Append(ToHtml(string.Join("\n", quote))).Append("</blockquote>\n");
                continue;
            }
            var para = new List<string>();
            while (i < lines.Length && !string.IsNullOrWhiteSpace(lines[i]) && !StartsBlock(lines, i)) para.Add(lines[i++].Trim());
            if (para.Count == 0) para.Add(lines[i++].Trim());
            html.Append("<p>").Append(Inline(string.Join("\n", para))).Append("</p>\n");
        }
        return html.ToString();
    }

    static bool StartsBlock(string[] lines, int i)
    {
        var l = lines[i];
        return Heading.IsMatch(l) || Bullet.IsMatch(l) || Numbered.IsMatch(l) || l.TrimStart().StartsWith("```") || l.TrimStart().StartsWith('>')
            || Rule.IsMatch(l) || (l.Contains('|') && i + 1 < lines.Length && TableSeparator.IsMatch(lines[i + 1]));
    }

    static IEnumerable<string> Cells(string row)
    {
        var t = row.Trim();
        if (t.StartsWith('|')) t = t[1..];
        if (t.EndsWith('|')) t = t[..^1];
        return t.Split('|').Select(c => c.Trim());
    }

    /// <summary>Inline Markdown on one block of text: the text is HTML-escaped first, code spans are kept verbatim.</summary>
    internal static string Inline(string text)
    {
        var parts = Regex.Split(text, @"(`[^`]+`)");
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            if (part.Length >= 2 && part[0] == '`' && part[^1] == '`')
            {
                sb.Append("<code>").Append(WebUtility.HtmlEncode(part[1..^1])).Append("</code>");
                continue;
            }
            var s = WebUtility.HtmlEncode(part);
            s = Regex.Replace(s, @"!\[([^\]]*)\]\(([^)\s]+)\)", m => $"<img alt=\"{m.Groups[1].Value}\" src=\"{SafeUrl(m.Groups[2].Value)}\"/>");
            s = Regex.Replace(s, @"\[([^\]]+)\]\(([^)\s]+)\)", m => $"<a href=\"{SafeUrl(m.Groups[2].Value)}\">{m.Groups[1].Value}</a>");
            s = Regex.Replace(s, @"\*\*(.+?)\*\*|__(.+?)__", m => $"<strong>{m.Groups[1].Value}{m.Groups[2].Value}</strong>");
            s = Regex.Replace(s, @"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])|(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", m => $"<em>{m.Groups[1].Value}{m.Groups[2].Value}</em>");
            sb.Append(s);
        }
        return sb.ToString();
    }

    static string SafeUrl(string url) => url.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) ? "#" : url;
}
