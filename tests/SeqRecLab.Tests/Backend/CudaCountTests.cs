using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SeqRecLab.Tests.Backend;

/// <summary>
/// The CUDA call counter of environment/benchmarks/cuda-count is C, so its check is a script (a fake CUDA runtime,
/// no GPU); this runs it wherever a C compiler is installed and says so where none is.
/// </summary>
public class CudaCountTests
{
    [SkippableFact]
    public void Counter_counts_each_call_once_and_forwards_it_to_the_runtime()
    {
        Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "Linux only (LD_PRELOAD)");
        var compiler = Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "cc";   // as test.sh and build.sh choose it
        Skip.IfNot(Path.IsPathRooted(compiler) ? File.Exists(compiler) : OnPath(compiler), $"no C compiler ({compiler}) on this machine to build environment/benchmarks/cuda-count");
        var script = Path.Combine(TestPaths.RepoRoot, "environment", "benchmarks", "cuda-count", "test.sh");
        using var p = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "test.sh did not finish in 2 minutes");
        Assert.True(p.ExitCode == 0, $"test.sh failed ({p.ExitCode}): {stdout}{stderr.Result}");
        Assert.Contains("cuda-count: ok", stdout);
    }

    static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, program)));
}
