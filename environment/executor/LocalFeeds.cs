using System.IO.Compression;
using System.Security.Cryptography;
using System.Xml.Linq;

namespace SeqRecLab.Executor;

/// <summary>
/// Keeps the kernel from running an old build of a package from a local feed. The notebooks get the library as the
/// package SeqRecLab 0.1.0 from the local folder feed <c>lib/bin/feed</c> (named by <c>notebooks/nuget.config</c>);
/// NuGet extracts a package into the global packages folder once per id and version and never looks at the feed again,
/// so after the library is rebuilt the kernel would restore the first build forever. Before a run, each package in a
/// local folder feed whose extracted copy came from another .nupkg (NuGet's <c>.nupkg.sha512</c> differs) has its
/// extracted copy deleted, and the kernel's restore extracts the current one.
/// </summary>
public static class LocalFeeds
{
    /// <summary>
    /// Deletes stale extractions of the packages in the local folder feeds of <c>nuget.config</c> in
    /// <paramref name="folder"/>; returns <c>id version</c> of each one deleted.
    /// </summary>
    public static IReadOnlyList<string> DropStaleExtractions(string folder, string? globalPackagesFolder = null)
    {
        var config = Path.Combine(folder, "nuget.config");
        if (!File.Exists(config)) return [];
        var packages = globalPackagesFolder ?? GlobalPackagesFolder();
        var dropped = new List<string>();
        foreach (var feed in LocalSources(config))
            foreach (var nupkg in Directory.EnumerateFiles(feed, "*.nupkg"))
            {
                var (id, version) = Identity(nupkg);
                var extracted = Path.Combine(packages, id.ToLowerInvariant(), version.ToLowerInvariant());
                var hashFile = Path.Combine(extracted, $"{id.ToLowerInvariant()}.{version.ToLowerInvariant()}.nupkg.sha512");
                if (!File.Exists(hashFile)) continue;
                var hash = Convert.ToBase64String(SHA512.HashData(File.ReadAllBytes(nupkg)));
                if (File.ReadAllText(hashFile).Trim() == hash) continue;
                Directory.Delete(extracted, recursive: true);
                dropped.Add($"{id} {version}");
            }
        return dropped;
    }

    /// <summary>NuGet's global packages folder: <c>$NUGET_PACKAGES</c>, else <c>~/.nuget/packages</c>.</summary>
    public static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? Path.GetFullPath(p)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The package sources of a nuget.config that are existing local folders (relative ones resolved against the file's folder).</summary>
    public static IReadOnlyList<string> LocalSources(string configPath)
    {
        var root = XDocument.Load(configPath).Root;
        var baseFolder = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        return root?.Element("packageSources")?.Elements("add")
            .Select(a => (string?)a.Attribute("value"))
            .Where(v => v is not null && !v.Contains("://", StringComparison.Ordinal))
            .Select(v => Path.GetFullPath(Path.Combine(baseFolder, v!)))
            .Where(Directory.Exists)
            .ToList() ?? [];
    }

    static (string Id, string Version) Identity(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.FirstOrDefault(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidDataException($"{nupkg}: no .nuspec at the top of the package");
        using var stream = entry.Open();
        var metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        string? Get(string name) => metadata?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        return (Get("id") ?? throw new InvalidDataException($"{nupkg}: its .nuspec has no id"),
                Get("version") ?? throw new InvalidDataException($"{nupkg}: its .nuspec has no version"));
    }
}
