using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using Microsoft.Data.Analysis;

namespace SeqRecLab.Reporting;

/// <summary>Builds <see cref="DataFrame"/>s from records or dictionaries, and renders tables as text or HTML.</summary>
public static class Tables
{
    /// <summary>
    /// One row per record, one column per public readable instance property of <typeparamref name="T"/>
    /// (in declaration order). Column types follow <see cref="FromDictionaries"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> has no such property, e.g. a value tuple, whose
    /// element names exist only at compile time (the table would have no columns).</exception>
    public static DataFrame FromRecords<T>(IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var props = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.GetIndexParameters().Length == 0).OrderBy(p => p.MetadataToken).ToArray();
        if (props.Length == 0)
            throw new ArgumentException($"{typeof(T).Name} has no public properties to make columns of" +
                (typeof(T).Name.StartsWith("ValueTuple") ? " (a value tuple's element names exist only at compile time)" : "") +
                "; pass records with named properties, e.g. .Select(r => new { r.Alpha, r.Ndcg })", nameof(records));
        var rows = records.Select(r => (IReadOnlyDictionary<string, object?>)props.ToDictionary(p => p.Name, p => r is null ? null : p.GetValue(r))).ToList();
        return FromRows(rows, props.Select(p => p.Name).ToList());
    }

    /// <summary>
    /// One row per dictionary; the columns are all keys, in order of first appearance. A missing key or null is a
    /// missing value. A column whose values are all integers (int, long, short, byte …) becomes an
    /// <see cref="Int64DataFrameColumn"/>, all numbers a <see cref="DoubleDataFrameColumn"/>, all booleans a
    /// <see cref="BooleanDataFrameColumn"/>; anything else a <see cref="StringDataFrameColumn"/> of invariant-culture text.
    /// </summary>
    public static DataFrame FromDictionaries(IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        var names = new List<string>();
        foreach (var row in list)
            foreach (var key in row.Keys)
                if (!names.Contains(key)) names.Add(key);
        return FromRows(list, names);
    }

    static DataFrame FromRows(IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, IReadOnlyList<string> names)
    {
        var columns = new List<DataFrameColumn>();
        foreach (var name in names)
        {
            var values = rows.Select(r => r.TryGetValue(name, out var v) ? v : null).ToList();
            var present = values.Where(v => v is not null).ToList();
            if (present.Count > 0 && present.All(IsInteger))
                columns.Add(new Int64DataFrameColumn(name, values.Select(v => v is null ? (long?)null : Convert.ToInt64(v, CultureInfo.InvariantCulture))));
            else if (present.Count > 0 && present.All(v => IsInteger(v) || v is double or float or decimal))
                columns.Add(new DoubleDataFrameColumn(name, values.Select(v => v is null ? (double?)null : Convert.ToDouble(v, CultureInfo.InvariantCulture))));
            else if (present.Count > 0 && present.All(v => v is bool))
                columns.Add(new BooleanDataFrameColumn(name, values.Select(v => (bool?)v)));
            else
                columns.Add(new StringDataFrameColumn(name, values.Select(v => v is null ? null : Convert.ToString(v, CultureInfo.InvariantCulture))));
        }
        return new DataFrame(columns);
    }

    static bool IsInteger(object? v) => v is int or long or short or byte or sbyte or ushort or uint;

    /// <summary>
    /// A cell as text: null → empty; doubles and floats with up to <paramref name="digits"/> significant digits
    /// (NaN → <c>NaN</c>); everything else in the invariant culture.
    /// </summary>
    public static string FormatCell(object? value, int digits = 6) => value switch
    {
        null => "",
        double d => d.ToString("G" + digits, CultureInfo.InvariantCulture),
        float f => f.ToString("G" + Math.Min(digits, 9), CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The frame as a plain-text table (see <see cref="RenderText"/>), at most <paramref name="maxRows"/> rows.</summary>
    public static string ToText(DataFrame frame, int maxRows = 100)
    {
        var (headers, rows) = Cells(frame, maxRows);
        return RenderText(headers, rows) + Truncation(frame, maxRows, "", "\n");
    }

    /// <summary>The frame as an HTML <c>&lt;table&gt;</c> (see <see cref="RenderHtml"/>), at most <paramref name="maxRows"/> rows.</summary>
    public static string ToHtml(DataFrame frame, int maxRows = 100)
    {
        var (headers, rows) = Cells(frame, maxRows);
        return RenderHtml(headers, rows) + Truncation(frame, maxRows, "<p>", "</p>");
    }

    /// <summary>
    /// Columns padded to their widest cell, separated by two spaces, a dashed line under the header. Numeric columns
    /// (see <see cref="IsNumericColumn"/>) are right-aligned, header included; others left-aligned. Trailing spaces
    /// are trimmed; lines end with <c>\n</c>.
    /// </summary>
    public static string RenderText(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var right = headers.Select((_, c) => IsNumericColumn(rows.Select(r => r[c]))).ToArray();
        var sb = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            sb.Append(string.Join("  ", cells.Select((s, c) => right[c] ? s.PadLeft(widths[c]) : s.PadRight(widths[c]))).TrimEnd()).Append('\n');
        Line(headers);
        sb.Append(string.Join("  ", widths.Select(w => new string('-', w)))).Append('\n');
        foreach (var r in rows) Line(r);
        return sb.ToString();
    }

    /// <summary>
    /// An HTML <c>&lt;table&gt;</c> with a <c>&lt;thead&gt;</c> row of headers and one <c>&lt;tr&gt;</c> per row; all text is
    /// HTML-escaped; cells of numeric columns (see <see cref="IsNumericColumn"/>) are right-aligned.
    /// </summary>
    public static string RenderHtml(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var right = headers.Select((_, c) => IsNumericColumn(rows.Select(r => r[c]))).ToArray();
        var sb = new StringBuilder("<table>\n<thead><tr>");
        foreach (var h in headers) sb.Append("<th>").Append(WebUtility.HtmlEncode(h)).Append("</th>");
        sb.Append("</tr></thead>\n<tbody>\n");
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            for (int c = 0; c < r.Count; c++)
                sb.Append(right[c] ? "<td style=\"text-align:right\">" : "<td>").Append(WebUtility.HtmlEncode(r[c])).Append("</td>");
            sb.Append("</tr>\n");
        }
        return sb.Append("</tbody>\n</table>").ToString();
    }

    /// <summary>
    /// True when at least one cell is a number (invariant culture, optionally signed, optionally ending in <c>%</c>,
    /// NaN included) and every other cell is empty or a dash (<c>–</c>, <c>-</c>) marking a missing value.
    /// </summary>
    public static bool IsNumericColumn(IEnumerable<string> cells)
    {
        bool any = false;
        foreach (var s in cells)
        {
            if (s is "" or "–" or "-") continue;
            if (!double.TryParse(s.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out _)) return false;
            any = true;
        }
        return any;
    }

    static (List<string> Headers, List<IReadOnlyList<string>> Rows) Cells(DataFrame frame, int maxRows)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Check.NonNegative(maxRows);
        var headers = frame.Columns.Select(c => c.Name).ToList();
        var rows = new List<IReadOnlyList<string>>();
        for (long r = 0; r < Math.Min(frame.Rows.Count, maxRows); r++)
            rows.Add(frame.Columns.Select(c => FormatCell(c[r])).ToList());
        return (headers, rows);
    }

    static string Truncation(DataFrame frame, int maxRows, string before, string after = "") =>
        frame.Rows.Count > maxRows ? $"{before}… {frame.Rows.Count - maxRows} more rows ({frame.Rows.Count} in all){after}" : "";
}
