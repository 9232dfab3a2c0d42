using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SeqRecLab.Notebooks.Tests;

/// <summary>
/// The tool Polyglot Notebooks starts, <c>dotnet-interactive stdio</c> (the version in <c>.config/dotnet-tools.json</c>),
/// driven over its JSON-lines protocol the way the VS Code extension drives it: one <c>SubmitCode</c> command per
/// cell, then every event the kernel sends for it until the command completes. Nothing of ours is in that process but
/// what the cells load.
/// </summary>
sealed class PolyglotKernel : IDisposable
{
    readonly Process process;
    readonly List<string> stderr = [];
    int next;

    PolyglotKernel(Process process)
    {
        this.process = process;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Add(e.Data); };
        process.BeginErrorReadLine();
    }

    /// <summary>Restores the repository's local tools and starts the kernel with <paramref name="workingDirectory"/>, as Polyglot does for a notebook's folder.</summary>
    public static PolyglotKernel Start(string repoRoot, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        Run(repoRoot, "tool", "restore");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repoRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "tool", "run", "dotnet-interactive", "--", "stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory })
            psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) psi.Environment[name] = value;
        foreach (var v in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" }) psi.Environment.Remove(v);
        return new PolyglotKernel(Process.Start(psi)!);
    }

    /// <summary>Submits <paramref name="code"/> to the C# kernel; returns the command's events (envelopes), the completion last.</summary>
    public List<JsonObject> Submit(string code, TimeSpan timeout)
    {
        var token = $"test-{++next}";
        var command = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = "csharp" },
        };
        process.StandardInput.WriteLine(command.ToJsonString());
        process.StandardInput.Flush();
        var events = new List<JsonObject>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var read = process.StandardOutput.ReadLineAsync();
            if (!read.Wait(timeout - clock.Elapsed) || read.Result is null)
                throw new TimeoutException($"the kernel sent no completion for {token} within {timeout}; stderr:\n{StandardError}");
            if (!read.Result.StartsWith('{')) continue;   // the tool's banner
            if (JsonNode.Parse(read.Result) is not JsonObject envelope || envelope["eventType"] is null) continue;
            var eventToken = (string?)envelope["command"]?["token"] ?? "";
            if (eventToken != token && !eventToken.StartsWith(token + ".", StringComparison.Ordinal)) continue;
            events.Add(envelope);
            if (eventToken == token && (string?)envelope["eventType"] is "CommandSucceeded" or "CommandFailed") return events;
        }
    }

    /// <summary>What the kernel wrote to standard error.</summary>
    public string StandardError { get { lock (stderr) return string.Join("\n", stderr); } }

    public void Dispose()
    {
        try { process.StandardInput.Close(); } catch (IOException) { }
        if (!process.WaitForExit(5000)) process.Kill(entireProcessTree: true);
        process.Dispose();
    }

    static void Run(string folder, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in 5 minutes"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed ({p.ExitCode}):\n{output.Result}\n{error.Result}");
    }
}
