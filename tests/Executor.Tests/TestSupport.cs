using System.Diagnostics;
using System.Text.Json.Nodes;

// The executor redirects the console, changes the current directory and sets SEQREC_RESULTS_FILE for a run:
// tests that run notebooks must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace SeqRecLab.Executor.Tests;

/// <summary>Paths and helpers shared by the executor tests.</summary>
static class TestSupport
{
    /// <summary>The repository root: the first folder above the test binaries that holds environment/Packages.props.</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The fixture notebooks.</summary>
    public static string Fixtures => Path.Combine(RepoRoot, "tests", "Executor.Tests", "fixtures");

    public static string Fixture(string name) => Path.Combine(Fixtures, name);

    static readonly System.Collections.Concurrent.ConcurrentBag<string> created = [];

    /// <summary>Removes the test run's temp folders when the test process ends, unless SEQREC_KEEP_TEST_OUTPUT is set
    /// (to look at a failed run's outputs).</summary>
    static TestSupport() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SEQREC_KEEP_TEST_OUTPUT"))) return;
        foreach (var dir in created)
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    };

    /// <summary>A fresh empty folder under the system temp folder, removed when the test process ends.</summary>
    public static string TempFolder(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"seqreclab-executor-{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        created.Add(dir);
        return dir;
    }

    /// <summary>Runs a notebook in-process with outputs in a fresh temp folder; echo and progress go to the returned writers.</summary>
    public static async Task<(NotebookRunResult Result, StringWriter Echo, StringWriter Progress)> RunAsync(string notebook,
        IReadOnlyList<KeyValuePair<string, string>>? parameters = null, TimeSpan? cellTimeout = null)
    {
        var echo = new StringWriter();
        var progress = new StringWriter();
        var result = await NotebookRunner.RunAsync(notebook, new RunOptions
        {
            OutputFolder = TempFolder(Path.GetFileNameWithoutExtension(notebook)),
            Parameters = parameters ?? [],
            CellTimeout = cellTimeout,
            Echo = echo,
            Progress = progress,
        });
        return (result, echo, progress);
    }

    /// <summary>The outputs of cell <paramref name="index"/> (0-based, among all cells) of the executed notebook.</summary>
    public static List<Microsoft.DotNet.Interactive.Documents.InteractiveDocumentOutputElement> Outputs(NotebookRunResult r, int index) =>
        r.Executed!.Elements[index].Outputs;

    /// <summary>A displayed value's or result's MIME type → text.</summary>
    public static Dictionary<string, string> Data(Microsoft.DotNet.Interactive.Documents.InteractiveDocumentOutputElement output) =>
        (NotebookFile.Data(output) ?? throw new Xunit.Sdk.XunitException($"{output.GetType().Name} is not a displayed value"))
            .ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "");

    /// <summary>The executed notebook as written to disk.</summary>
    public static JsonObject WrittenNotebook(NotebookRunResult r) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(r.ExecutedNotebookPath!))!;

    /// <summary>nbformat multi-line text (a string or a list of lines) joined.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray a => string.Concat(a.Select(x => x!.GetValue<string>())),
        JsonValue v => v.GetValue<string>(),
        _ => "",
    };

    /// <summary>Runs the executor as a process (for exit codes): <c>dotnet SeqRecLab.Executor.dll args</c>.</summary>
    public static (int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed) RunProcess(params string[] args)
    {
        // The executor's own build output, same configuration as this test build (bin/<Configuration>/net10.0).
        var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(RepoRoot, "environment", "executor", "bin", config, "net10.0", "SeqRecLab.Executor.dll");
        Assert.True(File.Exists(dll), $"executor not built at {dll}");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("the executor process did not exit within 120 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "environment", "Packages.props"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no environment/Packages.props above {AppContext.BaseDirectory}");
    }
}
