namespace SeqRecLab.Data;

/// <summary>
/// Where downloaded datasets are kept: the folder named by the environment variable <c>SEQREC_DATA</c> when set;
/// else the repository's <c>data/</c> folder when the current directory is inside the repository (found by walking
/// up to the folder that holds <c>data/registry.json</c>; its downloads are git-ignored); else
/// <c>~/.cache/seqreclab/data</c>. Each dataset gets its own sub-folder named after it.
/// </summary>
public static class DataCache
{
    /// <summary>Name of the environment variable that overrides the cache folder.</summary>
    public const string EnvironmentVariable = "SEQREC_DATA";

    /// <summary>The cache root (not created).</summary>
    public static string Root()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(env)) return Path.GetFullPath(env);
        var repoData = FindRepoData(Directory.GetCurrentDirectory());
        if (repoData is not null) return repoData;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".cache", "seqreclab", "data");
    }

    /// <summary>The folder of dataset <paramref name="name"/> under <see cref="Root"/> (not created).</summary>
    public static string FolderFor(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            throw new ArgumentException($"name must be a plain folder name; got '{name}'", nameof(name));
        return Path.Combine(Root(), name);
    }

    /// <summary>Walks up from <paramref name="start"/> to the first folder holding <c>data/registry.json</c> and returns that <c>data</c> folder, or null.</summary>
    public static string? FindRepoData(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "data", "registry.json")))
                return Path.Combine(dir.FullName, "data");
        return null;
    }
}
