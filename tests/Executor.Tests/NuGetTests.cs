using System.IO.Compression;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

public class NuGetTests
{
    [Fact]
    public async Task Pinned_package_is_restored_loaded_and_usable()
    {
        var (r, _, _) = await RunAsync(Fixture("nuget.ipynb"));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal("sequential recommendation models", ((DataOutput)r.Executed!.Cells[0].Outputs[0]).Data["text/plain"]);
        // loaded into the default context, where the executor's own assemblies live
        var humanizer = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "Humanizer");
        Assert.Same(System.Runtime.Loader.AssemblyLoadContext.Default, System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(humanizer));
        Assert.StartsWith(Path.Combine(SharedCache, "packages", "humanizer.core", "2.14.1"), humanizer.Location);
    }

    [Fact]
    public async Task Same_references_reuse_the_cached_restore()
    {
        var resolver = new NuGetResolver(SharedCache);
        PackageReference[] refs = [new("Humanizer.Core", "2.14.1")];
        await resolver.ResolveAsync(refs, []);
        var again = await resolver.ResolveAsync(refs, []);
        Assert.False(again.Restored);
        Assert.Equal([Path.Combine(SharedCache, "packages", "humanizer.core", "2.14.1", "lib", "net6.0", "Humanizer.dll")], again.Assemblies);
        Assert.True(File.Exists(Path.Combine(SharedCache, NuGetResolver.Hash(refs, []), "restore.csproj")));
    }

    [Fact]
    public async Task Unpinned_package_is_rejected()
    {
        var (r, _, _) = await RunAsync(Fixture("nuget-unpinned.ipynb"));
        Assert.False(r.Succeeded);
        Assert.Equal("DirectiveError", r.Failure!.ErrorType);
        Assert.StartsWith("line 1: #r \"nuget: Humanizer.Core\" has no version; every package must be pinned", r.Failure.Message);
    }

    [Fact]
    public async Task Local_dll_reference_is_relative_to_the_notebook()
    {
        var dir = TempFolder("localdll");
        var name = "LocalGreeter" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.Combine(dir, "lib"));
        File.WriteAllBytes(Path.Combine(dir, "lib", name + ".dll"),
            CompileLibrary(name, "namespace Greeting { public static class Greeter { public static string Hello(string who) => $\"hello, {who}\"; } }"));
        var nb = Path.Combine(dir, "local.ipynb");
        File.WriteAllText(nb, NotebookJson($"#r \"lib/{name}.dll\"\nGreeting.Greeter.Hello(\"executor\")"));
        var (r, _, _) = await RunAsync(nb);
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal("hello, executor", ((DataOutput)r.Executed!.Cells[0].Outputs[0]).Data["text/plain"]);
    }

    [Fact]
    public async Task Missing_local_dll_fails_naming_the_path()
    {
        var dir = TempFolder("nodll");
        var nb = Path.Combine(dir, "nodll.ipynb");
        File.WriteAllText(nb, NotebookJson("#r \"missing/Nothing.dll\"\n1"));
        var (r, _, _) = await RunAsync(nb);
        Assert.Equal("System.IO.FileNotFoundException", r.Failure!.ErrorType);
        Assert.Equal($"#r \"{Path.Combine(dir, "missing", "Nothing.dll")}\": no such file", r.Failure.Message);
    }

    [Fact]
    public async Task Package_rebuilt_in_a_local_source_under_the_same_version_is_picked_up()
    {
        var cache = TempFolder("cache");
        var feed = TempFolder("feed");
        const string id = "SeqRecLab.ExecutorTestPackage";
        var v1 = CompileLibrary(id, "public static class Probe { public static int Build => 1; }");
        var v2 = CompileLibrary(id, "public static class Probe { public static int Build => 2; }");
        Assert.NotEqual(v1, v2);
        PackageReference[] refs = [new(id, "1.0.0")];
        var resolver = new NuGetResolver(cache);
        var extracted = Path.Combine(cache, "packages", id.ToLowerInvariant(), "1.0.0", "lib", "net8.0", id + ".dll");

        WriteNupkg(feed, id, "1.0.0", v1);
        var first = await resolver.ResolveAsync(refs, [feed]);
        Assert.True(first.Restored);
        Assert.Equal([extracted], first.Assemblies);
        Assert.Equal(v1, File.ReadAllBytes(extracted));

        var unchanged = await resolver.ResolveAsync(refs, [feed]);
        Assert.False(unchanged.Restored);

        WriteNupkg(feed, id, "1.0.0", v2);   // rebuilt, same version
        var rebuilt = await resolver.ResolveAsync(refs, [feed]);
        Assert.True(rebuilt.Restored);
        Assert.Equal(v2, File.ReadAllBytes(extracted));
        Assert.False((await resolver.ResolveAsync(refs, [feed])).Restored);
    }

    [SkippableFact]
    public async Task Native_library_of_a_package_is_found_in_its_runtimes_folder()
    {
        const string system = "/lib/x86_64-linux-gnu/libz.so.1";
        Skip.IfNot(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
            && File.Exists(system), "needs linux-x64 with zlib at " + system);
        // the package ships a copy of zlib under a name no system folder has, so only the executor's resolver can find it
        var zlibVersion = new FileInfo(system).ResolveLinkTarget(returnFinalTarget: true)!.Name["libz.so.".Length..];   // e.g. 1.2.13
        const string id = "SeqRecLab.ExecutorNativeProbe";
        var dll = CompileLibrary(id, """
            using System;
            using System.Runtime.InteropServices;
            public static class NativeProbe
            {
                [DllImport("seqrectestz")] static extern IntPtr zlibVersion();
                public static string Version() => Marshal.PtrToStringAnsi(zlibVersion());
            }
            """);
        var feed = TempFolder("nativefeed");
        WriteNupkg(feed, id, "1.0.0", dll, ("runtimes/linux-x64/native/libseqrectestz.so", File.ReadAllBytes(system)));
        var dir = TempFolder("native");
        var nb = Path.Combine(dir, "native.ipynb");
        File.WriteAllText(nb, NotebookJson($"#i \"nuget: {feed}\"\n#r \"nuget: {id}, 1.0.0\"\nNativeProbe.Version()"));
        var echo = new StringWriter();
        var r = await NotebookRunner.RunAsync(nb, new RunOptions { OutputFolder = dir, CacheRoot = TempFolder("nativecache"), Echo = echo, Progress = echo });
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(zlibVersion, ((DataOutput)r.Executed!.Cells[0].Outputs[0]).Data["text/plain"]);
        Assert.Contains(AssemblyResolution.NativeSearchFolders, f => f.EndsWith(Path.Combine("seqreclab.executornativeprobe", "1.0.0", "runtimes", "linux-x64", "native")));
    }

    [Fact]
    public async Task Conflicting_versions_of_one_package_are_an_error()
    {
        var resolver = new NuGetResolver(TempFolder("conflict"));
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            resolver.ResolveAsync([new("Humanizer.Core", "2.14.1"), new("humanizer.core", "2.13.14")], []));
        Assert.Equal("the notebook asks for several versions of the same package: Humanizer.Core: 2.14.1, 2.13.14", e.Message);
    }

    [Fact]
    public void Cache_key_ignores_reference_order_but_not_sources()
    {
        PackageReference a = new("A", "1.0.0"), b = new("B", "2.0.0");
        Assert.Equal(NuGetResolver.Hash([a, b], []), NuGetResolver.Hash([b, a], []));
        Assert.NotEqual(NuGetResolver.Hash([a, b], []), NuGetResolver.Hash([a, b], ["/feed"]));
        Assert.NotEqual(NuGetResolver.Hash([a], []), NuGetResolver.Hash([new("A", "1.0.1")], []));
    }

    /// <summary>A class library compiled in memory against the running framework.</summary>
    static byte[] CompileLibrary(string assemblyName, string code)
    {
        var fw = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var refs = new[] { "System.Runtime.dll", "System.Private.CoreLib.dll", "System.Runtime.InteropServices.dll" }
            .Select(f => MetadataReference.CreateFromFile(Path.Combine(fw, f)));
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(code)], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, deterministic: true));
        using var ms = new MemoryStream();
        var emit = compilation.Emit(ms);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        return ms.ToArray();
    }

    /// <summary>A minimal .nupkg (nuspec + lib/net8.0/&lt;id&gt;.dll) in a flat local feed folder.</summary>
    static void WriteNupkg(string feed, string id, string version, byte[] dll, params (string Path, byte[] Bytes)[] extra)
    {
        var path = Path.Combine(feed, $"{id}.{version}.nupkg");
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var w = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open()))
            w.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>tests</authors><description>executor test package</description></metadata>
                </package>
                """);
        using (var s = zip.CreateEntry($"lib/net8.0/{id}.dll").Open()) s.Write(dll);
        foreach (var (p, bytes) in extra)
            using (var s = zip.CreateEntry(p).Open()) s.Write(bytes);
    }

    /// <summary>A one-cell Polyglot C# notebook.</summary>
    internal static string NotebookJson(string code)
    {
        var nb = new System.Text.Json.Nodes.JsonObject
        {
            ["cells"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
            {
                ["cell_type"] = "code",
                ["execution_count"] = null,
                ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["polyglot_notebook"] = new System.Text.Json.Nodes.JsonObject { ["kernelName"] = "csharp" } },
                ["outputs"] = new System.Text.Json.Nodes.JsonArray(),
                ["source"] = code,
            }),
            ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return nb.ToJsonString();
    }
}
