using System.Diagnostics;
using System.Security.Cryptography;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;

namespace SeqRecLab.Executor;

/// <summary>The files a restore produced: managed assemblies to reference and folders holding native libraries.</summary>
/// <param name="Assemblies">Absolute paths of the runtime assemblies of every package (direct and transitive).</param>
/// <param name="NativeFolders">Absolute paths of the <c>runtimes/&lt;rid&gt;/native</c> folders (and packages' <c>native</c> assets' folders).</param>
/// <param name="Restored">True when <c>dotnet restore</c> ran; false when the cached restore was reused.</param>
public sealed record ResolvedPackages(IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeFolders, bool Restored);

/// <summary>
/// Resolves <c>#r "nuget: ..."</c> references with a real <c>dotnet restore</c> of a throw-away SDK project
/// (see README.md, "NuGet resolution"). Each set of references + sources gets its own folder
/// <c>&lt;cache&gt;/&lt;hash&gt;/</c>; packages are extracted into <c>&lt;cache&gt;/packages/</c>, never into
/// <c>~/.nuget/packages</c>, so that a package rebuilt under the same version in a local <c>#i</c> folder can be
/// replaced (the folder copy is deleted when the local <c>.nupkg</c>'s SHA-512 differs from the extracted one).
/// </summary>
public sealed class NuGetResolver
{
    /// <summary>The target framework of the restore project; the executor runs on it.</summary>
    public const string TargetFramework = "net10.0";
    const string NuGetOrg = "https://api.nuget.org/v3/index.json";
    const string Marker = "restore.json";

    /// <summary>Creates a resolver using <paramref name="cacheRoot"/> (default: <see cref="DefaultCacheRoot"/>).</summary>
    public NuGetResolver(string? cacheRoot = null)
    {
        CacheRoot = Path.GetFullPath(cacheRoot ?? DefaultCacheRoot);
    }

    /// <summary>The cache folder: restore projects under <c>&lt;hash&gt;/</c>, extracted packages under <c>packages/</c>.</summary>
    public string CacheRoot { get; }

    /// <summary>The folder packages are extracted into (shared by all restore projects of this cache).</summary>
    public string PackagesFolder => Path.Combine(CacheRoot, "packages");

    /// <summary>
    /// <c>$SEQREC_EXECUTOR_CACHE</c> if set, else <c>$XDG_CACHE_HOME/seqreclab/executor</c>, else
    /// <c>~/.cache/seqreclab/executor</c>.
    /// </summary>
    public static string DefaultCacheRoot =>
        Environment.GetEnvironmentVariable("SEQREC_EXECUTOR_CACHE") is { Length: > 0 } d ? d
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "seqreclab", "executor");

    /// <summary>The cache key: SHA-256 of the sorted references and the sources in order (first 16 hex digits).</summary>
    public static string Hash(IEnumerable<PackageReference> packages, IEnumerable<string> sources)
    {
        var sb = new StringBuilder();
        foreach (var p in packages.Select(p => p.Key).Distinct().Order(StringComparer.Ordinal)) sb.Append("package ").Append(p).Append('\n');
        foreach (var s in sources) sb.Append("source ").Append(s).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16].ToLowerInvariant();
    }

    /// <summary>
    /// Restores <paramref name="packages"/> from nuget.org and <paramref name="sources"/> (absolute folders or URLs),
    /// or reuses the cached restore of the same set when every package from a local folder still matches.
    /// </summary>
    /// <exception cref="InvalidOperationException">The restore failed; the message holds dotnet's output.</exception>
    public async Task<ResolvedPackages> ResolveAsync(IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(sources);
        if (packages.Count == 0) return new ResolvedPackages([], [], false);
        var conflicts = packages.GroupBy(p => p.Name.ToLowerInvariant()).Where(g => g.Select(p => p.Version.ToLowerInvariant()).Distinct().Count() > 1).ToList();
        if (conflicts.Count > 0)
            throw new InvalidOperationException("the notebook asks for several versions of the same package: " +
                string.Join("; ", conflicts.Select(g => $"{g.First().Name}: {string.Join(", ", g.Select(p => p.Version).Distinct())}")));

        var folder = Path.Combine(CacheRoot, Hash(packages, sources));
        Directory.CreateDirectory(folder);
        var localFolders = sources.Where(Directory.Exists).ToList();
        foreach (var s in sources)
            if (!Uri.TryCreate(s, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                if (!Directory.Exists(s)) throw new InvalidOperationException($"#i source folder \"{s}\" does not exist");

        bool restored = false;
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        if (!IsUpToDate(folder, assets, localFolders))
        {
            await RestoreAsync(folder, packages, sources, localFolders, cancel);
            restored = true;
        }
        var (asms, natives) = ReadAssets(assets);
        return new ResolvedPackages(asms, natives, restored);
    }

    /// <summary>
    /// True when the marker written after the last successful restore is there and every package that a local
    /// source folder holds is still the one that was extracted (same SHA-512 in the local .nupkg, in the
    /// extracted copy, and in the marker).
    /// </summary>
    bool IsUpToDate(string folder, string assets, IReadOnlyList<string> localFolders)
    {
        var markerPath = Path.Combine(folder, Marker);
        if (!File.Exists(markerPath) || !File.Exists(assets)) return false;
        JsonObject? marker;
        try { marker = JsonNode.Parse(File.ReadAllText(markerPath)) as JsonObject; }
        catch (System.Text.Json.JsonException) { return false; }
        if (marker?["local"] is not JsonObject recorded) return false;
        foreach (var (id, version, path) in AssetLibraries(assets))
        {
            if (!File.Exists(Path.Combine(PackagesFolder, path, ".nupkg.metadata"))) return false;   // extracted copy gone
            var local = FindLocalNupkg(localFolders, id, version);
            var key = $"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}";
            if (local is null)
            {
                if (recorded.ContainsKey(key)) return false;   // it came from a local folder that no longer has it
                continue;
            }
            var localHash = Sha512(local);
            if (recorded[key]?.GetValue<string>() != localHash) return false;
            if (ExtractedHash(id, version) != localHash) return false;
        }
        return true;
    }

    async Task RestoreAsync(string folder, IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources,
        IReadOnlyList<string> localFolders, CancellationToken cancel)
    {
        // A package a local folder holds under a version already extracted with other content is deleted first,
        // so that the restore extracts the new build. Packages only known after the restore (transitive ones)
        // are checked again below.
        foreach (var p in packages) InvalidateIfChanged(localFolders, p.Name, p.Version);
        var assets = Path.Combine(folder, "obj", "project.assets.json");
        if (File.Exists(assets))
            foreach (var (id, version, _) in AssetLibraries(assets)) InvalidateIfChanged(localFolders, id, version);
        File.Delete(Path.Combine(folder, Marker));

        WriteProject(folder, packages, sources);
        await RunRestoreAsync(folder, cancel);

        bool again = false;
        foreach (var (id, version, _) in AssetLibraries(assets)) again |= InvalidateIfChanged(localFolders, id, version);
        if (again) await RunRestoreAsync(folder, cancel);

        var local = new JsonObject();
        foreach (var (id, version, _) in AssetLibraries(assets))
            if (FindLocalNupkg(localFolders, id, version) is string nupkg)
                local[$"{id.ToLowerInvariant()}/{version.ToLowerInvariant()}"] = Sha512(nupkg);
        var marker = new JsonObject
        {
            ["packages"] = new JsonArray(packages.Select(p => (JsonNode)JsonValue.Create(p.ToString())!).ToArray()),
            ["sources"] = new JsonArray(sources.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
            ["local"] = local,
        };
        AtomicWrite.Text(Path.Combine(folder, Marker), marker.ToJsonString(new() { WriteIndented = true }));
    }

    /// <summary>Deletes the extracted copy of a package when a local folder holds a different .nupkg of that id and version.</summary>
    bool InvalidateIfChanged(IReadOnlyList<string> localFolders, string id, string version)
    {
        var local = FindLocalNupkg(localFolders, id, version);
        if (local is null) return false;
        var extracted = ExtractedHash(id, version);
        if (extracted is null || extracted == Sha512(local)) return false;
        Directory.Delete(Path.Combine(PackagesFolder, id.ToLowerInvariant(), version.ToLowerInvariant()), recursive: true);
        return true;
    }

    /// <summary>The SHA-512 NuGet recorded when it extracted the package (<c>&lt;id&gt;.&lt;version&gt;.nupkg.sha512</c>), or null.</summary>
    string? ExtractedHash(string id, string version)
    {
        var idl = id.ToLowerInvariant();
        var vl = version.ToLowerInvariant();
        var f = Path.Combine(PackagesFolder, idl, vl, $"{idl}.{vl}.nupkg.sha512");
        return File.Exists(f) ? File.ReadAllText(f).Trim() : null;
    }

    /// <summary>Finds <c>&lt;id&gt;.&lt;version&gt;.nupkg</c> in a local feed, flat or in the <c>id/version/</c> layout (case-insensitive).</summary>
    static string? FindLocalNupkg(IReadOnlyList<string> localFolders, string id, string version)
    {
        var name = $"{id}.{version}.nupkg";
        foreach (var dir in localFolders)
        {
            foreach (var candidate in new[] { dir, Path.Combine(dir, id, version), Path.Combine(dir, id.ToLowerInvariant(), version.ToLowerInvariant()) })
            {
                if (!Directory.Exists(candidate)) continue;
                var hit = Directory.EnumerateFiles(candidate, "*.nupkg").FirstOrDefault(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase));
                if (hit is not null) return hit;
            }
        }
        return null;
    }

    /// <summary>Base64 SHA-512 of a file, the form NuGet writes to <c>.nupkg.sha512</c>.</summary>
    static string Sha512(string path)
    {
        using var s = File.OpenRead(path);
        return Convert.ToBase64String(SHA512.HashData(s));
    }

    void WriteProject(string folder, IReadOnlyList<PackageReference> packages, IReadOnlyList<string> sources)
    {
        static string X(string s) => SecurityElement.Escape(s);
        // Empty Directory.Build.* / Directory.Packages.props stop MSBuild from importing anything above the cache folder.
        AtomicWrite.Text(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        AtomicWrite.Text(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        AtomicWrite.Text(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        var project = new StringBuilder()
            .AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">")
            .AppendLine("  <!-- written by the SeqRec Lab notebook executor to restore a notebook's #r \"nuget: ...\" references -->")
            .AppendLine("  <PropertyGroup>")
            .AppendLine($"    <TargetFramework>{TargetFramework}</TargetFramework>")
            .AppendLine($"    <RestorePackagesPath>{X(PackagesFolder)}</RestorePackagesPath>")
            .AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>")
            .AppendLine("    <DisableImplicitNuGetFallbackFolder>true</DisableImplicitNuGetFallbackFolder>")
            .AppendLine("    <RestoreFallbackFolders>clear</RestoreFallbackFolders>")
            .AppendLine("    <NoWarn>$(NoWarn);NU1603;NU1701</NoWarn>")
            .AppendLine("  </PropertyGroup>")
            .AppendLine("  <ItemGroup>");
        foreach (var p in packages.DistinctBy(p => p.Key))
            project.AppendLine($"    <PackageReference Include=\"{X(p.Name)}\" Version=\"[{X(p.Version)}]\" />");
        project.AppendLine("  </ItemGroup>").AppendLine("</Project>");
        AtomicWrite.Text(Path.Combine(folder, "restore.csproj"), project.ToString());

        var config = new StringBuilder()
            .AppendLine("<?xml version=\"1.0\" encoding=\"utf-8\"?>")
            .AppendLine("<configuration>")
            .AppendLine("  <packageSources>")
            .AppendLine("    <clear />")
            .AppendLine($"    <add key=\"nuget.org\" value=\"{NuGetOrg}\" />");
        for (int i = 0; i < sources.Count; i++) config.AppendLine($"    <add key=\"notebook-source-{i + 1}\" value=\"{X(sources[i])}\" />");
        config.AppendLine("  </packageSources>").AppendLine("</configuration>");
        AtomicWrite.Text(Path.Combine(folder, "nuget.config"), config.ToString());
    }

    async Task RunRestoreAsync(string folder, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(DotnetHost(), ["restore", "restore.csproj", "--force", "--nologo", "-v", "q", "--configfile", "nuget.config"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The executor may itself run under `dotnet run` / `dotnet test`, whose MSBuild variables would point the
        // child restore at the parent's MSBuild; it must find its own.
        foreach (var key in psi.Environment.Keys.ToList())
            if (key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || key is "MSBUILD_EXE_PATH" or "MSBuildSDKsPath" or "MSBuildExtensionsPath")
                psi.Environment.Remove(key);
        psi.Environment["NUGET_PACKAGES"] = PackagesFolder;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        using var proc = Process.Start(psi) ?? throw new InvalidOperationException("could not start dotnet restore");
        var stdout = proc.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = proc.StandardError.ReadToEndAsync(CancellationToken.None);
        try { await proc.WaitForExitAsync(cancel); }
        catch (OperationCanceledException)
        {
            try { proc.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        var output = (await stdout + await stderr).Trim();
        if (proc.ExitCode != 0)
            throw new InvalidOperationException($"dotnet restore failed (exit code {proc.ExitCode}) in {folder}:\n{output}");
    }

    /// <summary>The dotnet host: <c>$DOTNET_HOST_PATH</c>, else this process when it is dotnet, else <c>dotnet</c> on the PATH.</summary>
    static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h)) return h;
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    /// <summary>The package entries of an assets file: id, version, and folder relative to the packages folder.</summary>
    static IEnumerable<(string Id, string Version, string Path)> AssetLibraries(string assets)
    {
        var root = JsonNode.Parse(File.ReadAllText(assets))!;
        if (root["libraries"] is not JsonObject libs) yield break;
        foreach (var (key, lib) in libs)
        {
            if (lib?["type"]?.GetValue<string>() != "package") continue;
            int slash = key.IndexOf('/');
            yield return (key[..slash], key[(slash + 1)..], lib["path"]?.GetValue<string>() ?? key.ToLowerInvariant());
        }
    }

    /// <summary>
    /// Reads the runtime assemblies and native folders of the <see cref="TargetFramework"/> target. Runtime-specific
    /// assets (<c>runtimeTargets</c>) are taken for the most specific runtime identifier that matches this machine
    /// (e.g. <c>linux-x64</c>, then <c>linux</c>, then <c>unix</c>); managed ones replace the portable file of the same name.
    /// </summary>
    internal static (List<string> Assemblies, List<string> NativeFolders) ReadAssets(string assetsPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(assetsPath))!;
        var packageRoots = (root["packageFolders"] as JsonObject)?.Select(kv => kv.Key).ToList() ?? [];
        var libs = root["libraries"] as JsonObject ?? new JsonObject();
        var target = (root["targets"] as JsonObject)?.FirstOrDefault(kv => kv.Key == TargetFramework || kv.Key.StartsWith(TargetFramework)).Value as JsonObject
            ?? throw new InvalidDataException($"{assetsPath}: no {TargetFramework} target");
        var rids = RuntimeChain();
        var assemblies = new List<string>();
        var natives = new List<string>();
        foreach (var (key, entry) in target)
        {
            if (entry?["type"]?.GetValue<string>() != "package") continue;
            var rel = libs[key]?["path"]?.GetValue<string>() ?? key.ToLowerInvariant();
            var dir = packageRoots.Select(r => Path.Combine(r, rel)).FirstOrDefault(Directory.Exists);
            if (dir is null) throw new InvalidDataException($"{assetsPath}: package {key} is not in any package folder ({string.Join(", ", packageRoots)})");

            var managed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var f in Files(entry["runtime"])) managed[Path.GetFileName(f)] = Path.Combine(dir, f);
            foreach (var f in Files(entry["native"])) natives.Add(Path.GetDirectoryName(Path.Combine(dir, f))!);
            if (entry["runtimeTargets"] is JsonObject rt)
            {
                var byRid = rt.Select(kv => (File: kv.Key, Rid: kv.Value?["rid"]?.GetValue<string>() ?? "", Type: kv.Value?["assetType"]?.GetValue<string>() ?? ""))
                    .Where(x => !x.File.EndsWith("_._")).ToList();
                var bestManaged = rids.FirstOrDefault(r => byRid.Any(x => x.Rid == r && x.Type == "runtime"));
                foreach (var x in byRid.Where(x => x.Type == "runtime" && x.Rid == bestManaged)) managed[Path.GetFileName(x.File)] = Path.Combine(dir, x.File);
                foreach (var r in rids)
                    foreach (var x in byRid.Where(x => x.Type == "native" && x.Rid == r))
                        natives.Add(Path.GetDirectoryName(Path.Combine(dir, x.File))!);
            }
            assemblies.AddRange(managed.Values);
        }
        return (assemblies.Select(Path.GetFullPath).Distinct().ToList(), natives.Select(Path.GetFullPath).Distinct().ToList());
    }

    static IEnumerable<string> Files(JsonNode? group) =>
        group is JsonObject o ? o.Select(kv => kv.Key).Where(k => !k.EndsWith("_._")) : [];

    /// <summary>This machine's runtime identifiers, most specific first: e.g. linux-x64, linux, unix, any.</summary>
    internal static IReadOnlyList<string> RuntimeChain()
    {
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var list = new List<string> { rid };
        int dash = rid.LastIndexOf('-');
        var os = dash > 0 ? rid[..dash] : rid;
        var arch = dash > 0 ? rid[(dash + 1)..] : "";
        if (OperatingSystem.IsLinux()) { list.Add($"linux-{arch}"); list.Add("linux"); list.Add("unix"); }
        else if (OperatingSystem.IsMacOS()) { list.Add($"osx-{arch}"); list.Add("osx"); list.Add("unix"); }
        else if (OperatingSystem.IsWindows()) { list.Add($"win-{arch}"); list.Add("win"); }
        list.Add(os);
        list.Add("any");
        return list.Distinct().ToList();
    }
}
