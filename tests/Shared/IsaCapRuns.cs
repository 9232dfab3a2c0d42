using System.Diagnostics;
using System.Text.RegularExpressions;
using SeqRecLab.Backend;

namespace SeqRecLab.TestSupport;

/// <summary>
/// Reruns tests of an assembly in a child <c>dotnet test</c> under another oneDNN ISA cap. libtorch picks its CPU
/// kernels by instruction set (<see cref="CpuIsa"/>), so a kernel defect on one path passes unseen on the others:
/// Caser's convolution gradient was wrong under AVX2 and AVX-512 and right under SSE4.1. A test run covers the level
/// in effect; these child runs cover every other level the CPU supports. Linked into the test projects that use it.
/// </summary>
static class IsaCapRuns
{
    /// <summary>Set in a child's environment to the cap it runs under; a run that finds it set does not start children.</summary>
    public const string ChildVariable = "SEQREC_ISA_CAP_CHILD";

    /// <summary>Every level of <see cref="CpuIsa.Levels"/> the CPU supports except the one in effect in this process;
    /// "none" when there is no other (a CPU that is not x86-64, or one with SSE4.1 only).</summary>
    public static TheoryData<string> OtherCaps()
    {
        var data = new TheoryData<string>();
        var caps = CpuIsa.Supported.Where(c => c != CpuIsa.InEffect).ToList();
        foreach (var c in caps.Count > 0 ? caps : ["none"]) data.Add(c);
        return data;
    }

    /// <summary>Why a child run is not started here, or null when it should be.</summary>
    public static string? ReasonToSkip(string cap) =>
        Environment.GetEnvironmentVariable(ChildVariable) is { Length: > 0 } parent ? $"this run is itself a child run under {parent}"
        : cap == "none" ? $"the CPU offers no other oneDNN ISA level to test under (supported: {string.Join(", ", CpuIsa.Supported.DefaultIfEmpty("none"))})"
        : null;

    /// <summary>Reruns the tests of <paramref name="assembly"/> that <paramref name="filter"/> selects under
    /// <paramref name="cap"/> (skipped where <see cref="ReasonToSkip"/> says so) and fails, with the child's output, unless
    /// it exits cleanly with none failed and at least <paramref name="minimumPassed"/> passed.</summary>
    public static void AssertPassUnder(string cap, System.Reflection.Assembly assembly, string filter, int minimumPassed, TimeSpan timeout,
        Action<string> log)
    {
        Skip.If(ReasonToSkip(cap) is not null, ReasonToSkip(cap));
        var run = Run(assembly.Location, filter, cap, timeout);
        log($"under {cap}: {run.Passed} passed, {run.Failed} failed, {run.Skipped} skipped in {run.Elapsed.TotalMinutes:F1} min");
        Assert.True(run.ExitCode == 0 && run.Failed == 0 && run.Passed >= minimumPassed,
            $"{assembly.GetName().Name} ({filter}) under ONEDNN_MAX_CPU_ISA={cap} (the CPU has {CpuIsa.Best}): exit code {run.ExitCode}, " +
            $"{run.Failed} failed, {run.Passed} passed (at least {minimumPassed} expected)\n{run.Tail()}");
    }

    /// <summary>What a child run printed and its summary line's counts.</summary>
    public sealed record Outcome(int ExitCode, int Passed, int Failed, int Skipped, TimeSpan Elapsed, string Output)
    {
        /// <summary>The last <paramref name="chars"/> characters of the output, where the failures and the summary are.</summary>
        public string Tail(int chars = 6000) => Output.Length <= chars ? Output : "…" + Output[^chars..];
    }

    /// <summary>Runs <c>dotnet test <paramref name="assembly"/> --filter <paramref name="filter"/></c> with
    /// <c>ONEDNN_MAX_CPU_ISA</c> and <c>DNNL_MAX_CPU_ISA</c> set to <paramref name="cap"/>.</summary>
    public static Outcome Run(string assembly, string filter, string cap, TimeSpan timeout)
    {
        var results = Directory.CreateTempSubdirectory("seqreclab-isa-").FullName;
        var psi = new ProcessStartInfo(DotNet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = results,
        };
        foreach (var a in new[] { "test", assembly, "--filter", filter, "--results-directory", results })
            psi.ArgumentList.Add(a);
        foreach (var v in CpuIsa.CapVariables) psi.Environment[v] = cap;
        psi.Environment[ChildVariable] = cap;
        var output = new System.Text.StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            lock (output) output.AppendLine($"[killed after {timeout.TotalMinutes:F0} min]");
        }
        process.WaitForExit();
        try { Directory.Delete(results, recursive: true); } catch (IOException) { }
        string text;
        lock (output) text = output.ToString();
        var m = Regex.Matches(text, @"Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)").LastOrDefault();
        int Count(int group) => m is null ? 0 : int.Parse(m.Groups[group].Value);
        return new Outcome(process.HasExited ? process.ExitCode : -1, Count(2), m is null ? -1 : Count(1), Count(3), clock.Elapsed, text);
    }

    /// <summary>The dotnet host running this test (the SDK sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    static string DotNet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } p && File.Exists(p) ? p
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
}
