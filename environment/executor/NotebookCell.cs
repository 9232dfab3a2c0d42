using System.Text.Json.Nodes;

namespace SeqRecLab.Executor;

/// <summary>One notebook cell: its type, source text, metadata, and (for code cells) outputs and execution count.</summary>
public sealed class NotebookCell
{
    JsonObject json;

    NotebookCell(JsonObject json, string cellType, string source)
    {
        this.json = json;
        CellType = cellType;
        Source = source;
    }

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType { get; }

    /// <summary>The cell's text (nbformat's list-of-lines form joined).</summary>
    public string Source { get; }

    /// <summary>True for code cells.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The outputs the executor produced (replaces whatever the file held when written back).</summary>
    public List<CellOutput> Outputs { get; } = new();

    /// <summary>nbformat's <c>execution_count</c>: null until the cell ran.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>The cell's <c>metadata.tags</c> (empty when absent).</summary>
    public IReadOnlyList<string> Tags =>
        json["metadata"]?["tags"] is JsonArray a
            ? a.Select(t => t is JsonValue v && v.TryGetValue(out string? s) ? s : "").Where(s => s.Length > 0).ToList()
            : [];

    /// <summary>
    /// The cell's kernel: <c>metadata.polyglot_notebook.kernelName</c>, else <c>metadata.dotnet_interactive.language</c>,
    /// else <paramref name="defaultKernel"/>; normalised by <see cref="Notebook.NormalizeKernel"/>.
    /// </summary>
    public string Language(string defaultKernel)
    {
        var meta = json["metadata"];
        if (meta?["polyglot_notebook"]?["kernelName"] is JsonValue k && k.TryGetValue(out string? kn)) return Notebook.NormalizeKernel(kn);
        if (meta?["dotnet_interactive"]?["language"] is JsonValue l && l.TryGetValue(out string? ln)) return Notebook.NormalizeKernel(ln);
        return defaultKernel;
    }

    /// <summary>The first non-blank line of the source, trimmed and cut to <paramref name="max"/> characters (for messages).</summary>
    public string FirstLine(int max = 60)
    {
        var line = Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length <= max ? line : line[..(max - 3)] + "...";
    }

    /// <summary>A new C# code cell as Polyglot writes it, with the given tags.</summary>
    public static NotebookCell NewCSharpCode(string source, params string[] tags)
    {
        var meta = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (tags.Length > 0) meta["tags"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)!).ToArray());
        var json = new JsonObject { ["cell_type"] = "code", ["execution_count"] = null, ["metadata"] = meta, ["outputs"] = new JsonArray(), ["source"] = SourceToJson(source) };
        return new NotebookCell(json, "code", source);
    }

    internal static NotebookCell FromJson(JsonObject json, string notebook, int number)
    {
        var type = json["cell_type"] is JsonValue t && t.TryGetValue(out string? s) ? s
            : throw new InvalidDataException($"{notebook}: cell {number} has no \"cell_type\"");
        var source = json["source"] switch
        {
            null => "",
            JsonValue v when v.TryGetValue(out string? text) => text,
            JsonArray a => string.Concat(a.Select(x => x is JsonValue xv && xv.TryGetValue(out string? line) ? line
                : throw new InvalidDataException($"{notebook}: cell {number} has a non-string source line"))),
            _ => throw new InvalidDataException($"{notebook}: cell {number} has a \"source\" that is neither a string nor a list of strings"),
        };
        return new NotebookCell(json, type, source);
    }

    internal JsonObject ToJson()
    {
        var copy = (JsonObject)json.DeepClone();
        if (!IsCode) return copy;
        copy["execution_count"] = ExecutionCount is int n ? JsonValue.Create(n) : null;
        var outs = new JsonArray();
        foreach (var o in Outputs) outs.Add(o.ToJson(ExecutionCount));
        copy["outputs"] = outs;
        return copy;
    }

    /// <summary>nbformat's multi-line string form: a list of lines, each keeping its trailing newline.</summary>
    internal static JsonArray SourceToJson(string text)
    {
        var arr = new JsonArray();
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            arr.Add(JsonValue.Create(text[start..end]));
            start = end;
        }
        return arr;
    }
}
