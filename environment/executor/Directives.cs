using System.Text.RegularExpressions;

namespace SeqRecLab.Executor;

/// <summary>A pinned NuGet package reference from <c>#r "nuget: Name, Version"</c>.</summary>
public sealed record PackageReference(string Name, string Version)
{
    /// <summary><c>Name/Version</c> with the name lower-cased (NuGet ids are case-insensitive).</summary>
    public string Key => $"{Name.ToLowerInvariant()}/{Version.ToLowerInvariant()}";

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Version}";
}

/// <summary>What <see cref="DirectiveParser.Parse"/> found in one cell.</summary>
/// <param name="Code">The cell's C# with every directive line blanked (line numbers are kept for diagnostics).</param>
/// <param name="Packages">The <c>#r "nuget: ..."</c> references, in order.</param>
/// <param name="Sources">The <c>#i "nuget: ..."</c> sources: absolute folder paths or URLs, in order.</param>
/// <param name="AssemblyPaths">The <c>#r "path.dll"</c> references as absolute paths, in order.</param>
public sealed record CellDirectives(
    string Code,
    IReadOnlyList<PackageReference> Packages,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> AssemblyPaths);

/// <summary>A directive or magic command the executor cannot honour; the message says which line and why.</summary>
public sealed class DirectiveException(string message) : Exception(message);

/// <summary>
/// Takes the .NET Interactive directives out of a C# cell before it is compiled:
/// <list type="bullet">
/// <item><c>#r "nuget: Name, Version"</c>: a package; the version is required and must be exact (no <c>*</c>, no ranges).</item>
/// <item><c>#i "nuget: source"</c>: a package source, a URL or a folder relative to the notebook's folder.</item>
/// <item><c>#r "path/to/x.dll"</c>: an assembly, relative to the notebook's folder.</item>
/// <item><c>#!csharp</c> / <c>#!c#</c> as the cell's first line: accepted (it names the kernel the cell already uses).
/// Any other line starting with <c>#!</c> is a magic command the executor does not support, and an error.</item>
/// </list>
/// Directives are recognised on whole lines (leading spaces allowed), anywhere in the cell.
/// </summary>
public static class DirectiveParser
{
    static readonly Regex NuGetRef = new(@"^#r\s+""nuget:\s*(?<spec>[^""]*)""\s*(//.*)?$", RegexOptions.Compiled);
    static readonly Regex NuGetSource = new(@"^#i\s+""nuget:\s*(?<src>[^""]*)""\s*(//.*)?$", RegexOptions.Compiled);
    static readonly Regex PathRef = new(@"^#r\s+""(?<path>[^""]+)""\s*(//.*)?$", RegexOptions.Compiled);
    static readonly Regex ExactVersion = new(@"^\d+(\.\d+){1,3}(-[0-9A-Za-z.\-]+)?(\+[0-9A-Za-z.\-]+)?$", RegexOptions.Compiled);

    /// <summary>Parses <paramref name="source"/>; relative paths are resolved against <paramref name="notebookFolder"/>.</summary>
    /// <exception cref="DirectiveException">An unpinned or malformed directive, or an unsupported <c>#!</c> magic command.</exception>
    public static CellDirectives Parse(string source, string notebookFolder)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var packages = new List<PackageReference>();
        var sources = new List<string>();
        var paths = new List<string>();
        bool seenCode = false;
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            int lineNo = i + 1;
            if (line.StartsWith("#!"))
            {
                var magic = line[2..].Trim().ToLowerInvariant();
                if (!seenCode && magic is "csharp" or "c#")
                {
                    lines[i] = "";
                    continue;
                }
                throw new DirectiveException($"line {lineNo}: magic command \"{line}\" is not supported by the executor " +
                    "(supported: #r \"nuget: Name, Version\", #i \"nuget: source\", #r \"path.dll\", and #!csharp as a first line)");
            }
            if (line.StartsWith("#r") || line.StartsWith("#i"))
            {
                Match m;
                if ((m = NuGetRef.Match(line)).Success) packages.Add(ParsePackage(m.Groups["spec"].Value, lineNo));
                else if ((m = NuGetSource.Match(line)).Success) sources.Add(ResolveSource(m.Groups["src"].Value.Trim(), notebookFolder, lineNo));
                else if (line.StartsWith("#r") && (m = PathRef.Match(line)).Success)
                    paths.Add(Path.GetFullPath(Path.Combine(notebookFolder, m.Groups["path"].Value.Trim())));
                else
                    throw new DirectiveException($"line {lineNo}: malformed directive \"{line}\" " +
                        "(expected #r \"nuget: Name, Version\", #i \"nuget: source\" or #r \"path.dll\")");
                lines[i] = "";
                continue;
            }
            if (line.Length > 0 && !line.StartsWith("//")) seenCode = true;
        }
        return new CellDirectives(string.Join("\n", lines), packages, sources, paths);
    }

    static PackageReference ParsePackage(string spec, int lineNo)
    {
        var parts = spec.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts[0].Length == 0)
            throw new DirectiveException($"line {lineNo}: #r \"nuget: {spec}\" names no package");
        if (parts.Length == 1 || parts[1].Length == 0)
            throw new DirectiveException($"line {lineNo}: #r \"nuget: {parts[0]}\" has no version; every package must be pinned, " +
                $"e.g. #r \"nuget: {parts[0]}, 1.2.3\" (use the version in environment/Packages.props)");
        if (parts.Length > 2)
            throw new DirectiveException($"line {lineNo}: #r \"nuget: {spec}\" has more than a name and a version");
        if (!ExactVersion.IsMatch(parts[1]))
            throw new DirectiveException($"line {lineNo}: #r \"nuget: {spec}\": version \"{parts[1]}\" is not an exact version " +
                "(wildcards and ranges are not allowed; pin one version such as 1.2.3 or 1.0.0-beta.1)");
        return new PackageReference(parts[0], parts[1]);
    }

    static string ResolveSource(string src, string notebookFolder, int lineNo)
    {
        if (src.Length == 0) throw new DirectiveException($"line {lineNo}: #i \"nuget:\" names no source");
        if (Uri.TryCreate(src, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return src;
        if (src.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) src = new Uri(src).LocalPath;
        return Path.GetFullPath(Path.Combine(notebookFolder, src));
    }
}
