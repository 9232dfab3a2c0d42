// Notebooks change the current directory, the console and environment variables while they run: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SeqRecLab.Notebooks.Tests;

/// <summary>Where the notebooks and the project's version files are.</summary>
static class NotebookPaths
{
    /// <summary>The repository root: the first folder above the test binaries that holds environment/Packages.props.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The notebooks folder.</summary>
    public static string Folder => Path.Combine(RepoRoot, "notebooks");

    /// <summary>Every notebook's file name, sorted (one test case each).</summary>
    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Folder, "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "environment", "Packages.props")))
                return dir.FullName;
        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds environment/Packages.props");
    }
}
