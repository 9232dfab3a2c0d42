using System.Text.Json.Nodes;

namespace SeqRecLab.Executor;

/// <summary>One output of a code cell, in nbformat's four kinds.</summary>
public abstract class CellOutput
{
    internal abstract JsonObject ToJson(int? executionCount);
}

/// <summary>Console text: <c>stdout</c> or <c>stderr</c>. Consecutive writes to the same stream append to one output.</summary>
public sealed class StreamOutput(string name) : CellOutput
{
    readonly System.Text.StringBuilder text = new();

    /// <summary><c>stdout</c> or <c>stderr</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Everything written so far.</summary>
    public string Text { get { lock (text) return text.ToString(); } }

    internal void Append(string s) { lock (text) text.Append(s); }

    internal override JsonObject ToJson(int? executionCount) =>
        new() { ["name"] = Name, ["output_type"] = "stream", ["text"] = NotebookCell.SourceToJson(Text) };
}

/// <summary>
/// A formatted value: the cell's trailing expression (<c>execute_result</c>) or a <c>display(...)</c> call
/// (<c>display_data</c>). <see cref="Data"/> maps MIME types (<c>text/html</c>, <c>text/plain</c>) to text;
/// <see cref="DisplayedValue.Update"/> replaces it.
/// </summary>
public sealed class DataOutput(bool isResult, IReadOnlyDictionary<string, string> data) : CellOutput
{
    volatile IReadOnlyDictionary<string, string> data = data;

    /// <summary>True for a trailing expression's value, false for <c>display(...)</c>.</summary>
    public bool IsResult { get; } = isResult;

    /// <summary>MIME type → formatted text, in the order the formats were produced.</summary>
    public IReadOnlyDictionary<string, string> Data { get => data; internal set => data = value; }

    /// <summary>How many times the value was replaced by <see cref="DisplayedValue.Update"/>.</summary>
    public int UpdateCount { get; internal set; }

    internal override JsonObject ToJson(int? executionCount)
    {
        var d = new JsonObject();
        foreach (var (mime, text) in Data) d[mime] = NotebookCell.SourceToJson(text);
        var o = new JsonObject { ["data"] = d };
        if (IsResult) o["execution_count"] = executionCount is int n ? JsonValue.Create(n) : null;
        o["metadata"] = new JsonObject();
        o["output_type"] = IsResult ? "execute_result" : "display_data";
        return o;
    }
}

/// <summary>A failed cell: exception type, message and trace lines.</summary>
public sealed class ErrorOutput(string name, string value, IReadOnlyList<string> traceback) : CellOutput
{
    /// <summary>The exception type (e.g. <c>System.InvalidOperationException</c>, or <c>CompilationError</c>).</summary>
    public string Name { get; } = name;

    /// <summary>The message.</summary>
    public string Value { get; } = value;

    /// <summary>Stack trace or diagnostics, one line per entry.</summary>
    public IReadOnlyList<string> Traceback { get; } = traceback;

    internal override JsonObject ToJson(int? executionCount) => new()
    {
        ["ename"] = Name,
        ["evalue"] = Value,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(Traceback.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()),
    };
}
