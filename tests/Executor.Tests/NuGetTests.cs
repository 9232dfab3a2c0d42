using System.IO.Compression;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using static SeqRecLab.Executor.Tests.TestSupport;

namespace SeqRecLab.Executor.Tests;

/// <summary>Packages and assemblies: the kernel's own <c>#r</c> restore, and the executor's local-feed refresh.</summary>
public class NuGetTests
{
    [Fact]
    public async Task A_pinned_package_is_restored_by_the_kernel_and_usable()
    {
        var (r, _, _) = await RunAsync(Fixture("nuget.ipynb"));
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal("sequential recommendation models", Data(Outputs(r, 0).OfType<ReturnValueElement>().Single())["text/plain"]);
        Assert.Contains(Outputs(r, 0).OfType<DisplayElement>(), d => Data(d).Values.Any(v => v.Contains("Humanizer.Core, 2.14.1")));   // the kernel's "Installed Packages"
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
        Assert.Equal("hello, executor", Data(Outputs(r, 0)[0])["text/plain"]);
    }

    [Fact]
    public async Task Missing_local_dll_fails_its_cell()
    {
        var dir = TempFolder("nodll");
        var nb = Path.Combine(dir, "nodll.ipynb");
        File.WriteAllText(nb, NotebookJson("#r \"missing/Nothing.dll\"\n1"));
        var (r, _, _) = await RunAsync(nb);
        Assert.False(r.Succeeded);
        Assert.Contains("Nothing.dll", r.Failure!.Message);
    }

    /// <summary>
    /// The notebooks' case: a package in a local folder feed (named by the notebook folder's nuget.config), rebuilt
    /// under the same version. Without the executor's refresh the kernel would keep restoring the first build. Each run
    /// is its own process, as each Polyglot session is (a process keeps the first build it loaded).
    /// </summary>
    [Fact]
    public void A_package_rebuilt_in_a_local_feed_under_the_same_version_is_picked_up()
    {
        var packages = TempFolder("packages");
        var feed = TempFolder("feed");
        var dir = TempFolder("rebuilt");
        var id = "SeqRecLab.ExecutorTestPackage" + Guid.NewGuid().ToString("N")[..8];
        WriteNuGetConfig(dir, feed);
        var nb = Path.Combine(dir, "rebuilt.ipynb");
        File.WriteAllText(nb, NotebookJson($"#r \"nuget: {id}, 1.0.0\"\n$\"build {{Probe.Build}}\""));
        var previous = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        try
        {
            Environment.SetEnvironmentVariable("NUGET_PACKAGES", packages);   // the executor process inherits it
            foreach (var build in new[] { 1, 2 })
            {
                WriteNupkg(feed, id, "1.0.0", CompileLibrary(id, $"public static class Probe {{ public static int Build => {build}; }}"));
                var (code, stdout, stderr, _) = RunProcess(nb, "--out", TempFolder("rebuilt-out"));
                Assert.True(code == 0, stderr);
                Assert.Contains($"build {build}", stdout);
                Assert.Equal(build == 2, stderr.Contains($"{id} 1.0.0 changed in its local feed"));
            }
        }
        finally { Environment.SetEnvironmentVariable("NUGET_PACKAGES", previous); }
    }

    [Fact]
    public void Local_feed_refresh_deletes_only_extractions_of_other_builds()
    {
        var packages = TempFolder("refresh-packages");
        var feed = TempFolder("refresh-feed");
        var dir = TempFolder("refresh-nb");
        WriteNuGetConfig(dir, Path.GetRelativePath(dir, feed));   // relative to the config file, as notebooks/nuget.config
        WriteNupkg(feed, "Pkg.A", "1.0.0", [1]);
        WriteNupkg(feed, "Pkg.B", "2.0.0-beta", [2]);
        string Extract(string id, string version, string sha512)
        {
            var folder = Directory.CreateDirectory(Path.Combine(packages, id.ToLowerInvariant(), version)).FullName;
            File.WriteAllText(Path.Combine(folder, $"{id.ToLowerInvariant()}.{version}.nupkg.sha512"), sha512);
            return folder;
        }
        var a = Extract("Pkg.A", "1.0.0", Sha512(Path.Combine(feed, "Pkg.A.1.0.0.nupkg")));   // the same build
        var b = Extract("Pkg.B", "2.0.0-beta", "another build");
        Assert.Equal(["Pkg.B 2.0.0-beta"], LocalFeeds.DropStaleExtractions(dir, packages));
        Assert.True(Directory.Exists(a));
        Assert.False(Directory.Exists(b));
        Assert.Empty(LocalFeeds.DropStaleExtractions(dir, packages));
        Assert.Empty(LocalFeeds.DropStaleExtractions(TempFolder("no-config"), packages));
    }

    [SkippableFact]
    public async Task Native_library_of_a_package_is_found_in_its_runtimes_folder()
    {
        const string system = "/lib/x86_64-linux-gnu/libz.so.1";
        Skip.IfNot(OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64
            && File.Exists(system), "needs linux-x64 with zlib at " + system);
        // the package ships a copy of zlib under a name no system folder has, so only the kernel's native probing can find it
        var zlibVersion = new FileInfo(system).ResolveLinkTarget(returnFinalTarget: true)!.Name["libz.so.".Length..];   // e.g. 1.2.13
        var id = "SeqRecLab.ExecutorNativeProbe" + Guid.NewGuid().ToString("N")[..8];
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
        WriteNuGetConfig(dir, feed);
        var nb = Path.Combine(dir, "native.ipynb");
        File.WriteAllText(nb, NotebookJson($"#r \"nuget: {id}, 1.0.0\"\nNativeProbe.Version()"));
        var (r, _, _) = await RunAsync(nb);
        Assert.True(r.Succeeded, r.Error);
        Assert.Equal(zlibVersion, Data(Outputs(r, 0).OfType<ReturnValueElement>().Single())["text/plain"]);
    }

    static string Sha512(string file) => Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(file)));

    /// <summary>A nuget.config in <paramref name="folder"/> that adds the local feed <paramref name="feed"/>.</summary>
    static void WriteNuGetConfig(string folder, string feed) => File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration><packageSources><add key="local" value="{feed}" /></packageSources></configuration>
        """);

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
