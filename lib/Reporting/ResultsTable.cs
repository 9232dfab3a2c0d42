using System.Globalization;
using Microsoft.Data.Analysis;

namespace SeqRecLab.Reporting;

/// <summary>One line of an ours-versus-paper comparison.</summary>
/// <param name="Setting">The study setting, e.g. <c>ML-1M, full ranking</c>.</param>
/// <param name="Metric">The metric, e.g. <c>NDCG@10</c>.</param>
/// <param name="Ours">Our value; null when not run.</param>
/// <param name="Paper">The paper's reported value; null when the paper reports none.</param>
/// <param name="Note">How our setting deviates from the paper's, or other remarks; empty when none.</param>
public sealed record ComparisonRow(string Setting, string Metric, double? Ours, double? Paper, string Note = "")
{
    /// <summary><c>Ours − Paper</c>; null when either is missing.</summary>
    public double? Difference => Ours - Paper;

    /// <summary><c>(Ours − Paper) / |Paper|</c> (0.05 means 5 % above the paper); null when either is missing or Paper is 0.</summary>
    public double? RelativeDifference => Paper is null or 0.0 ? null : Difference / Math.Abs(Paper.Value);
}

/// <summary>
/// A comparison table of our results against a paper's: rows of setting, metric, ours, paper, difference,
/// relative difference and note, as a <see cref="DataFrame"/>, plain text or HTML.
/// </summary>
public sealed class ResultsTable
{
    readonly List<ComparisonRow> rows = new();

    /// <summary>Creates an empty table with an optional title (shown above the text and HTML renderings).</summary>
    public ResultsTable(string title = "") => Title = title ?? "";

    /// <summary>The title; empty for none.</summary>
    public string Title { get; }

    /// <summary>The rows in the order they were added.</summary>
    public IReadOnlyList<ComparisonRow> Rows => rows;

    /// <summary>Column headers, in order, of every rendering.</summary>
    public static readonly IReadOnlyList<string> Headers = ["setting", "metric", "ours", "paper", "difference", "relative difference", "note"];

    /// <summary>Adds a row; returns this table so calls can be chained.</summary>
    public ResultsTable Add(string setting, string metric, double? ours, double? paper, string note = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        ArgumentException.ThrowIfNullOrWhiteSpace(metric);
        rows.Add(new ComparisonRow(setting, metric, ours, paper, note ?? ""));
        return this;
    }

    /// <summary>Adds a row; returns this table so calls can be chained.</summary>
    public ResultsTable Add(ComparisonRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Add(row.Setting, row.Metric, row.Ours, row.Paper, row.Note);
    }

    /// <summary>
    /// The rows as a DataFrame with columns <see cref="Headers"/>: strings for setting, metric and note, doubles
    /// (null where missing) for the numbers; the relative difference is a fraction (0.05 = 5 %).
    /// </summary>
    public DataFrame ToDataFrame() => new(
        new StringDataFrameColumn(Headers[0], rows.Select(r => r.Setting)),
        new StringDataFrameColumn(Headers[1], rows.Select(r => r.Metric)),
        new DoubleDataFrameColumn(Headers[2], rows.Select(r => r.Ours)),
        new DoubleDataFrameColumn(Headers[3], rows.Select(r => r.Paper)),
        new DoubleDataFrameColumn(Headers[4], rows.Select(r => r.Difference)),
        new DoubleDataFrameColumn(Headers[5], rows.Select(r => r.RelativeDifference)),
        new StringDataFrameColumn(Headers[6], rows.Select(r => r.Note)));

    /// <summary>
    /// The formatted cells: numbers with <paramref name="digits"/> decimals, the difference with a sign, the
    /// relative difference as a signed percentage with one decimal; missing values as <c>–</c>.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>> FormattedRows(int digits = 4)
    {
        Check.InRange(digits, 0, 12);
        string Num(double? v) => v is null ? "–" : v.Value.ToString("F" + digits, CultureInfo.InvariantCulture);
        string Signed(double? v) => v is null ? "–" : (v.Value >= 0 ? "+" : "") + v.Value.ToString("F" + digits, CultureInfo.InvariantCulture);
        string Percent(double? v) => v is null ? "–" : (v.Value >= 0 ? "+" : "") + (100 * v.Value).ToString("F1", CultureInfo.InvariantCulture) + "%";
        return rows.Select(r => (IReadOnlyList<string>)[r.Setting, r.Metric, Num(r.Ours), Num(r.Paper), Signed(r.Difference), Percent(r.RelativeDifference), r.Note]).ToList();
    }

    /// <summary>Plain text: the title (if any) on its own line, then an aligned table (see <see cref="Tables.RenderText"/>).</summary>
    public string ToText(int digits = 4) =>
        (Title.Length > 0 ? Title + "\n" : "") + Tables.RenderText(Headers, FormattedRows(digits));

    /// <summary>HTML: the title (if any) as a <c>&lt;caption&gt;</c>-like heading, then a <c>&lt;table&gt;</c> (see <see cref="Tables.RenderHtml"/>).</summary>
    public string ToHtml(int digits = 4) =>
        (Title.Length > 0 ? $"<p><b>{System.Net.WebUtility.HtmlEncode(Title)}</b></p>\n" : "") + Tables.RenderHtml(Headers, FormattedRows(digits));

    /// <inheritdoc />
    public override string ToString() => ToText();
}
