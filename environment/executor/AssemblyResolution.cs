using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace SeqRecLab.Executor;

/// <summary>
/// Makes restored and <c>#r</c>-referenced assemblies live in the default load context, where the executor's own
/// assemblies (Roslyn, <c>Microsoft.DotNet.Interactive.Formatting</c>) are, so that a notebook's library and the
/// executor share one <c>Formatter</c> type. Also resolves native libraries (<c>[DllImport]</c>, <c>NativeLibrary.Load</c>
/// by name from an assembly in the default context) from the packages' <c>runtimes/&lt;rid&gt;/native</c> folders.
/// Process-wide: what was loaded stays loaded for the life of the process.
/// </summary>
public static class AssemblyResolution
{
    static readonly object Gate = new();
    static readonly Dictionary<string, string> PathsByName = new(StringComparer.OrdinalIgnoreCase);
    static readonly List<string> NativeFolders = new();
    static readonly HashSet<string> TrustedNames = LoadTrustedNames();
    static bool hooked;

    /// <summary>
    /// Loads <paramref name="assemblyPath"/> into the default context and returns it. When an assembly of that simple
    /// name is already loaded, or belongs to the runtime / the executor (trusted platform assemblies), that one is
    /// returned instead: the default context holds one assembly per name. Fails when the loaded one is older than
    /// the one asked for.
    /// </summary>
    public static Assembly Load(string assemblyPath)
    {
        lock (Gate)
        {
            Hook();
            var name = AssemblyName.GetAssemblyName(assemblyPath);
            var simple = name.Name!;
            var loaded = AssemblyLoadContext.Default.Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, simple, StringComparison.OrdinalIgnoreCase));
            if (loaded is null && TrustedNames.Contains(simple))
                loaded = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(simple));
            if (loaded is not null)
            {
                var have = loaded.GetName().Version;
                if (have is not null && name.Version is not null && have < name.Version && !IsSameFile(loaded, assemblyPath))
                    throw new InvalidOperationException($"cannot load {assemblyPath} (version {name.Version}): {simple} version {have} " +
                        $"is already loaded in this process from {loaded.Location}. Run notebooks that need different versions in separate executor processes.");
                return loaded;
            }
            PathsByName[simple] = assemblyPath;
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(assemblyPath);
        }
    }

    /// <summary>Lets later loads by name find <paramref name="assemblyPaths"/> (dependencies resolved on first use).</summary>
    public static void AddAssemblyPaths(IEnumerable<string> assemblyPaths)
    {
        lock (Gate)
        {
            Hook();
            foreach (var p in assemblyPaths) PathsByName.TryAdd(Path.GetFileNameWithoutExtension(p), p);
        }
    }

    /// <summary>Adds folders searched for native libraries that the default probing does not find.</summary>
    public static void AddNativeFolders(IEnumerable<string> folders)
    {
        lock (Gate)
        {
            Hook();
            foreach (var f in folders) if (!NativeFolders.Contains(f)) NativeFolders.Add(f);
        }
    }

    /// <summary>The native folders registered so far.</summary>
    public static IReadOnlyList<string> NativeSearchFolders { get { lock (Gate) return NativeFolders.ToList(); } }

    static bool IsSameFile(Assembly a, string path) =>
        !string.IsNullOrEmpty(a.Location) && string.Equals(Path.GetFullPath(a.Location), Path.GetFullPath(path), StringComparison.Ordinal);

    static void Hook()
    {
        if (hooked) return;
        hooked = true;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            string? path;
            lock (Gate) PathsByName.TryGetValue(name.Name ?? "", out path);
            return path is not null && File.Exists(path) ? context.LoadFromAssemblyPath(path) : null;
        };
        AssemblyLoadContext.Default.ResolvingUnmanagedDll += (assembly, name) =>
        {
            List<string> folders;
            lock (Gate) folders = NativeFolders.ToList();
            foreach (var folder in folders)
                foreach (var candidate in NativeFileNames(name))
                {
                    var full = Path.Combine(folder, candidate);
                    if (File.Exists(full) && NativeLibrary.TryLoad(full, out var handle)) return handle;
                }
            return IntPtr.Zero;
        };
    }

    /// <summary>The file names a native library <paramref name="name"/> may have on this OS (e.g. foo → libfoo.so, foo.so).</summary>
    internal static IEnumerable<string> NativeFileNames(string name)
    {
        yield return name;
        string ext = OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so";
        bool hasExt = name.EndsWith(ext, StringComparison.OrdinalIgnoreCase) || name.Contains(ext + ".", StringComparison.OrdinalIgnoreCase);
        if (!hasExt) yield return name + ext;
        if (!OperatingSystem.IsWindows() && !Path.GetFileName(name).StartsWith("lib"))
        {
            yield return "lib" + name;
            if (!hasExt) yield return "lib" + name + ext;
        }
    }

    static HashSet<string> LoadTrustedNames()
    {
        var tpa = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "";
        return tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
