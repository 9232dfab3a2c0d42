using System.Text.Json;
using System.Text.Json.Nodes;

namespace SeqRecLab.Executor;

/// <summary>
/// An nbformat 4 notebook as Polyglot Notebooks writes it. The JSON is kept as a tree so that fields this
/// executor does not know survive a load/save round trip; <see cref="Cells"/> wraps the <c>cells</c> array.
/// </summary>
public sealed class Notebook
{
    /// <summary>The language every C# cell must have (cell metadata or the notebook's default kernel).</summary>
    public const string CSharp = "csharp";

    readonly JsonObject root;

    Notebook(JsonObject root, List<NotebookCell> cells)
    {
        this.root = root;
        Cells = cells;
    }

    /// <summary>The cells in notebook order. Insertions here are written back by <see cref="ToJson"/>.</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>
    /// The notebook's default kernel: <c>metadata.polyglot_notebook.kernelInfo.defaultKernelName</c>, else the
    /// kernelspec's language (<c>C#</c> → <c>csharp</c>), else <c>csharp</c>.
    /// </summary>
    public string DefaultKernel
    {
        get
        {
            var meta = root["metadata"] as JsonObject;
            if (meta?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] is JsonValue v && v.TryGetValue(out string? k))
                return NormalizeKernel(k);
            if (meta?["kernelspec"]?["language"] is JsonValue l && l.TryGetValue(out string? lang))
                return NormalizeKernel(lang);
            return CSharp;
        }
    }

    /// <summary>Maps the names .NET Interactive accepts for C# (<c>csharp</c>, <c>C#</c>, <c>c#</c>) to <c>csharp</c>; other names are lower-cased.</summary>
    public static string NormalizeKernel(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        return n is "c#" or "csharp" or ".net-csharp" ? CSharp : n;
    }

    /// <summary>Reads a notebook file; fails with the path in the message when it is not nbformat 4 JSON.</summary>
    public static Notebook Load(string path)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        return Parse(node, path);
    }

    /// <summary>Parses notebook JSON text; <paramref name="source"/> names it in error messages.</summary>
    public static Notebook Parse(string json, string source = "<notebook>")
    {
        JsonNode? node;
        try { node = JsonNode.Parse(json); }
        catch (JsonException e) { throw new InvalidDataException($"{source}: not valid JSON ({e.Message})", e); }
        return Parse(node, source);
    }

    static Notebook Parse(JsonNode? node, string source)
    {
        if (node is not JsonObject root)
            throw new InvalidDataException($"{source}: a notebook must be a JSON object");
        if (root["nbformat"] is not JsonValue f || !f.TryGetValue(out int major) || major != 4)
            throw new InvalidDataException($"{source}: only nbformat 4 notebooks are supported (nbformat = {root["nbformat"]?.ToJsonString() ?? "missing"})");
        if (root["cells"] is not JsonArray cells)
            throw new InvalidDataException($"{source}: the notebook has no \"cells\" array");
        var list = new List<NotebookCell>();
        for (int i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject c)
                throw new InvalidDataException($"{source}: cell {i + 1} is not a JSON object");
            list.Add(NotebookCell.FromJson(c, source, i + 1));
        }
        return new Notebook(root, list);
    }

    /// <summary>The notebook as JSON (indented one space, as Jupyter and Polyglot write it), with the current cells.</summary>
    public string ToJson()
    {
        var copy = (JsonObject)root.DeepClone();
        var arr = new JsonArray();
        foreach (var c in Cells) arr.Add(c.ToJson());
        copy["cells"] = arr;
        var options = new JsonSerializerOptions { WriteIndented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return copy.ToJsonString(options) + "\n";
    }
}
