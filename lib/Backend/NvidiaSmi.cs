using System.Diagnostics;
using System.Globalization;

namespace SeqRecLab.Backend;

/// <summary>
/// What <c>nvidia-smi</c> reports about the GPUs: their name and the memory in use. TorchSharp 0.107 exposes no CUDA
/// memory statistics, so this is how a .NET program sees its GPU memory: the memory the driver charges to the process
/// (its CUDA context plus everything libtorch's caching allocator holds, the figure that must stay flat over training
/// steps) and the memory in use on the device. Every reader returns null where nvidia-smi is missing, fails, or, as
/// in some containers, lists no processes.
/// </summary>
public static class NvidiaSmi
{
    /// <summary>The first GPU's name, e.g. "NVIDIA H100 80GB HBM3".</summary>
    public static string? GpuName() => Query("--query-gpu=name --format=csv,noheader")?.Split('\n')[0].Trim() is { Length: > 0 } name ? name : null;

    /// <summary>GPU memory (MiB) the driver charges to process <paramref name="pid"/> (default: this one), over all GPUs.</summary>
    public static double? ProcessMemoryMiB(int? pid = null) =>
        ParseProcessMemory(Query("--query-compute-apps=pid,used_memory --format=csv,noheader,nounits"), pid ?? Environment.ProcessId);

    /// <summary>Memory in use (MiB) on GPU <paramref name="index"/>, by every process.</summary>
    public static double? DeviceMemoryMiB(int index = 0) =>
        ParseDeviceMemory(Query("--query-gpu=memory.used --format=csv,noheader,nounits"), index);

    /// <summary>Sums the <c>used_memory</c> of <paramref name="pid"/>'s lines in <c>pid, used_memory</c> CSV; null when it has none.</summary>
    internal static double? ParseProcessMemory(string? csv, int pid)
    {
        double? total = null;
        foreach (var fields in Lines(csv))
            if (fields.Length == 2 && int.TryParse(fields[0], out var p) && p == pid && Number(fields[1]) is double mib)
                total = (total ?? 0) + mib;
        return total;
    }

    /// <summary>The <paramref name="index"/>-th line of <c>memory.used</c> CSV; null when it is missing or not a number.</summary>
    internal static double? ParseDeviceMemory(string? csv, int index) =>
        Lines(csv).ElementAtOrDefault(index) is [var used] ? Number(used) : null;

    static IEnumerable<string[]> Lines(string? csv) =>
        (csv ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(',', StringSplitOptions.TrimEntries));

    static double? Number(string text) =>
        double.TryParse(text.Replace("MiB", "").Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    static string? Query(string arguments)
    {
        try
        {
            var psi = new ProcessStartInfo("nvidia-smi", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi)!;
            var text = p.StandardOutput.ReadToEnd();
            return p.WaitForExit(10_000) && p.ExitCode == 0 ? text : null;
        }
        catch (Exception) { return null; }
    }
}
