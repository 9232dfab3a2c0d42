using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;
using Jupyter = Microsoft.DotNet.Interactive.Documents.Jupyter.Notebook;

namespace SeqRecLab.Executor;

/// <summary>
/// Reads and writes <c>.ipynb</c> files through .NET Interactive's own document model
/// (<c>Microsoft.DotNet.Interactive.Documents</c>), which Polyglot Notebooks uses, and names cells for messages.
/// </summary>
public static class NotebookFile
{
    /// <summary>The kernels a notebook may name: C# with the aliases the tool gives it.</summary>
    static KernelInfoCollection KernelInfos()
    {
        var infos = new KernelInfoCollection
        {
            new KernelInfo(KernelComposition.CSharp, "C#", ["c#", "C#"]),
            new KernelInfo("markdown", "Markdown", ["md"]),
        };
        infos.DefaultKernelName = KernelComposition.CSharp;   // cells that name no kernel
        return infos;
    }

    /// <summary>
    /// Reads a notebook. Fails, naming the file, when it is not nbformat 4 JSON or holds a cell type other than
    /// <c>code</c> and <c>markdown</c> (the document model would read a raw cell as code).
    /// </summary>
    public static InteractiveDocument Load(string path)
    {
        var text = File.ReadAllText(path);
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
        if (root is not JsonObject o || o["nbformat"] is not JsonValue f || !f.TryGetValue(out int major) || major != 4)
            throw new InvalidDataException($"{path}: only nbformat 4 notebooks are supported");
        if (o["cells"] is not JsonArray cells) throw new InvalidDataException($"{path}: the notebook has no \"cells\" array");
        for (int i = 0; i < cells.Count; i++)
        {
            var type = cells[i]?["cell_type"]?.GetValue<string>();
            if (type is not ("code" or "markdown"))
                throw new InvalidDataException($"{path}: cell {i + 1} is a \"{type}\" cell; only code and markdown cells are supported");
        }
        try { return Jupyter.Parse(text, KernelInfos()); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
    }

    /// <summary>The notebook as nbformat 4.5 JSON, as the document model writes it (cells keep their ids and metadata).</summary>
    public static string ToJson(InteractiveDocument document) => Jupyter.ToJupyterJson(document) + "\n";

    /// <summary>MIME type → value of a displayed value or a result; null for console text and errors.</summary>
    public static IDictionary<string, object>? Data(InteractiveDocumentOutputElement output) => output switch
    {
        DisplayElement d => d.Data,
        ReturnValueElement r => r.Data,
        _ => null,
    };

    /// <summary>The HTML of a displayed value or a result, or null.</summary>
    public static string? Html(InteractiveDocumentOutputElement output) =>
        Data(output) is { } d && d.TryGetValue("text/html", out var h) ? h?.ToString() : null;

    /// <summary>True for a code cell (anything but Markdown).</summary>
    public static bool IsCode(InteractiveDocumentElement cell) => cell.KernelName != "markdown";

    /// <summary>The cell's <c>metadata.tags</c> (empty when absent).</summary>
    public static IReadOnlyList<string> Tags(InteractiveDocumentElement cell) =>
        cell.Metadata?.TryGetValue("tags", out var tags) == true && tags is System.Collections.IEnumerable list and not string
            ? list.Cast<object?>().Select(t => t?.ToString() ?? "").Where(t => t.Length > 0).ToList()
            : [];

    /// <summary>The first non-blank line of the cell, trimmed and cut to <paramref name="max"/> characters (for messages).</summary>
    public static string FirstLine(InteractiveDocumentElement cell, int max = 60)
    {
        var line = cell.Contents.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length <= max ? line : line[..(max - 3)] + "...";
    }

    /// <summary>A new C# code cell with the given id and tags.</summary>
    public static InteractiveDocumentElement NewCode(string code, string id, params string[] tags)
    {
        var cell = new InteractiveDocumentElement(code, KernelComposition.CSharp) { Id = id };
        if (tags.Length > 0) cell.Metadata = new Dictionary<string, object> { ["tags"] = tags.Cast<object>().ToList() };
        return cell;
    }

    /// <summary>Gives every cell without an <c>id</c> (nbformat 4.5 requires one) the id <c>cell-N</c> (N: its position).</summary>
    public static void EnsureIds(InteractiveDocument document)
    {
        var taken = document.Elements.Select(e => e.Id).Where(i => i is not null).ToHashSet();
        for (int i = 0; i < document.Elements.Count; i++)
        {
            if (document.Elements[i].Id is not null) continue;
            var id = $"cell-{i + 1}";
            for (int k = 2; taken.Contains(id); k++) id = $"cell-{i + 1}-{k}";
            document.Elements[i].Id = id;
            taken.Add(id);
        }
    }
}
