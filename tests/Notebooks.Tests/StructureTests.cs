using System.Text.RegularExpressions;
using System.Xml.Linq;
using SeqRecLab.Executor;

namespace SeqRecLab.Notebooks.Tests;

/// <summary>The template's rules that a machine can check (notebooks/README.md, "Authoring conventions").</summary>
public class StructureTests
{
    static Notebook Load(string notebook) => Notebook.Load(Path.Combine(NotebookPaths.Folder, notebook));

    static IEnumerable<NotebookCell> Code(Notebook nb) => nb.Cells.Where(c => c.IsCode);

    /// <summary>Non-blank lines of a cell.</summary>
    static int Lines(NotebookCell c) => c.Source.Split('\n').Count(l => l.Trim().Length > 0);

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
        var packages = Code(Load(notebook)).SelectMany(c => DirectiveParser.Parse(c.Source, NotebookPaths.Folder).Packages).ToList();
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
        Assert.Equal("markdown", nb.Cells[0].CellType);
        Assert.StartsWith("# ", nb.Cells[0].Source);

        var setup = Code(nb).First();
        Assert.Contains("#i \"nuget: ../lib/bin/feed\"", setup.Source);
        Assert.Contains("TorchBackend.Initialize()", setup.Source);

        var parameters = nb.Cells.Where(c => c.Tags.Contains("parameters")).ToList();
        Assert.Single(parameters);
        Assert.Same(Code(nb).ElementAt(1), parameters[0]);
        var plain = new Regex(@"^var [A-Z]\w* = [^;]+;\s*(//.*)?$");
        foreach (var line in parameters[0].Source.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
            Assert.True(plain.IsMatch(line), $"{notebook}: parameters cell line is not a plain `var Name = value; // comment`: {line}");
        foreach (var name in new[] { "Profile", "Dataset", "FileFormat", "RandomSeed" })
            Assert.Matches($@"(?m)^var {name} = ", parameters[0].Source);
        Assert.Matches(@"(?m)^var Profile = ""quick"";", parameters[0].Source);

        var markdown = string.Join("\n", nb.Cells.Where(c => c.CellType == "markdown").Select(c => c.Source));
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
        Assert.True(Lines(longest) <= 30, $"{notebook}: a code cell has {Lines(longest)} lines (at most about 25): {longest.FirstLine()}");
    }
}
