using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.DotNet.Interactive.Documents;
using SeqRecLab.Executor;

namespace SeqRecLab.Notebooks.Tests;

/// <summary>The template's rules that a machine can check (notebooks/README.md, "Authoring conventions").</summary>
public class StructureTests
{
    static InteractiveDocument Load(string notebook) => NotebookFile.Load(Path.Combine(NotebookPaths.Folder, notebook));

    static IEnumerable<InteractiveDocumentElement> Code(InteractiveDocument nb) => nb.Elements.Where(NotebookFile.IsCode);

    /// <summary>Non-blank lines of a cell.</summary>
    static int Lines(InteractiveDocumentElement c) => c.Contents.Split('\n').Count(l => l.Trim().Length > 0);

    /// <summary>The <c>#r "nuget: Name, Version"</c> lines of a cell, as (name, version); the version is empty when not given.</summary>
    static IEnumerable<(string Name, string Version)> NuGetReferences(string code) =>
        Regex.Matches(code, @"(?m)^\s*#r\s+""nuget:\s*([^,""]+?)\s*(?:,\s*([^""]*?)\s*)?""").Select(m => (m.Groups[1].Value, m.Groups[2].Value));

    /// <summary>The versions in environment/Packages.props, and the library's own version.</summary>
    static Dictionary<string, string> ProjectVersions()
    {
        var props = XDocument.Load(Path.Combine(NotebookPaths.RepoRoot, "environment", "Packages.props"));
        var versions = props.Descendants("PackageVersion").ToDictionary(
            e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);
        versions["SeqRecLab"] = props.Descendants("SeqRecLabVersion").Single().Value;
        return versions;
    }

    [Fact]
    public void There_are_notebooks() => Assert.True(File.Exists(Path.Combine(NotebookPaths.Folder, "00-getting-started.ipynb")));

    [Theory]
    [MemberData(nameof(NotebookPaths.All), MemberType = typeof(NotebookPaths))]
    public void Every_nuget_reference_uses_the_project_version(string notebook)
    {
        var versions = ProjectVersions();
        var packages = Code(Load(notebook)).SelectMany(c => NuGetReferences(c.Contents)).ToList();
        Assert.Contains(packages, p => p.Name == "SeqRecLab");
        foreach (var p in packages)
        {
            Assert.True(versions.TryGetValue(p.Name, out var expected), $"{notebook}: {p.Name} is not in environment/Packages.props");
            Assert.True(expected == p.Version, $"{notebook}: #r \"nuget: {p.Name}, {p.Version}\" but environment/Packages.props has {expected}");
        }
    }

    [Theory]
    [MemberData(nameof(NotebookPaths.All), MemberType = typeof(NotebookPaths))]
    public void Follows_the_template(string notebook)
    {
        var nb = Load(notebook);
        Assert.False(NotebookFile.IsCode(nb.Elements[0]));
        Assert.StartsWith("# ", nb.Elements[0].Contents);

        var setup = Code(nb).First();
        Assert.Contains("TorchBackend.Initialize()", setup.Contents);
        Assert.Contains("NotebookFormatters.Register()", setup.Contents);

        var parameters = nb.Elements.Where(c => NotebookFile.Tags(c).Contains("parameters")).ToList();
        Assert.Single(parameters);
        Assert.Same(Code(nb).ElementAt(1), parameters[0]);
        var plain = new Regex(@"^var [A-Z]\w* = [^;]+;\s*(//.*)?$");
        foreach (var line in parameters[0].Contents.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            Assert.True(plain.IsMatch(line), $"{notebook}: parameters cell line is not a plain `var Name = value; // comment`: {line}");
        foreach (var name in new[] { "Profile", "Dataset", "FileFormat", "RandomSeed" })
            Assert.Matches($@"(?m)^var {name} = ", parameters[0].Contents);
        Assert.Matches(@"(?m)^var Profile = ""quick"";", parameters[0].Contents);

        var markdown = string.Join("\n", nb.Elements.Where(c => !NotebookFile.IsCode(c)).Select(c => c.Contents));
        foreach (var heading in new[] { "## Summary", "## Deviations from the paper", "## Exercises" })
            Assert.Contains(heading, markdown);
    }

    [Theory]
    [MemberData(nameof(NotebookPaths.All), MemberType = typeof(NotebookPaths))]
    public void Code_cells_are_short(string notebook)
    {
        var lengths = Code(Load(notebook)).Select(Lines).Order().ToList();
        double median = lengths.Count % 2 == 1 ? lengths[lengths.Count / 2] : (lengths[lengths.Count / 2 - 1] + lengths[lengths.Count / 2]) / 2.0;
        Assert.True(median <= 8, $"{notebook}: median code cell has {median} lines; keep it about 5 (move logic to lib/)");
        var longest = Code(Load(notebook)).MaxBy(Lines)!;
        Assert.True(Lines(longest) <= 30, $"{notebook}: a code cell has {Lines(longest)} lines (at most about 25): {NotebookFile.FirstLine(longest)}");
    }

    /// <summary>
    /// nbformat 4.5 gives every cell a unique id (Jupyter rewrites a notebook without them on its first save), and
    /// the notebooks run unchanged in the real kernel: no <c>#i</c> package source (the kernel's restore rejects a
    /// relative one; <c>notebooks/nuget.config</c> names the local feed) and no saved outputs.
    /// </summary>
    [Theory]
    [MemberData(nameof(NotebookPaths.All), MemberType = typeof(NotebookPaths))]
    public void Cells_have_ids_and_nothing_the_kernel_cannot_run(string notebook)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(NotebookPaths.Folder, notebook)))!;
        Assert.Equal(4, (int)json["nbformat"]!);
        Assert.True((int)json["nbformat_minor"]! >= 5, $"{notebook}: nbformat_minor must be at least 5 for cell ids");
        var ids = json["cells"]!.AsArray().Select(c => (string?)c!["id"]).ToList();
        Assert.All(ids, id => Assert.Matches("^[a-zA-Z0-9-_]{1,64}$", id ?? ""));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var cell in Code(Load(notebook)))
        {
            Assert.DoesNotMatch(@"(?m)^\s*#i\s", cell.Contents);
            Assert.Empty(cell.Outputs);
        }
        Assert.True(File.Exists(Path.Combine(NotebookPaths.Folder, "nuget.config")));
    }
}
