namespace SeqRecLab.Tests;

/// <summary>Where the repository and the shared real datasets are, seen from the test binaries.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the folder holding environment/Packages.props).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>../shared/data next to the repository (real datasets for validation; never committed).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "environment", "Packages.props"))) return d.FullName;
        throw new DirectoryNotFoundException("repository root (with environment/Packages.props) not found above " + AppContext.BaseDirectory);
    }
}
