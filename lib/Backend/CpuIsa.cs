using System.Runtime.Intrinsics.X86;

namespace SeqRecLab.Backend;

/// <summary>
/// The x86-64 instruction sets that decide which CPU kernels libtorch runs: oneDNN (convolutions) picks its kernels
/// by the best instruction set the CPU has, up to the cap set by the environment variable <c>ONEDNN_MAX_CPU_ISA</c>
/// (or its older name <c>DNNL_MAX_CPU_ISA</c>), read once when libtorch first uses oneDNN. Two CPUs, or one CPU under
/// two caps, can run different kernels for the same operation; the names here are the cap's values.
/// </summary>
public static class CpuIsa
{
    /// <summary>The environment variables oneDNN reads for its cap, the current name first.</summary>
    public static readonly string[] CapVariables = ["ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"];

    /// <summary>The levels oneDNN distinguishes that this project tests under, lowest first: SSE4.1 (no AVX kernels;
    /// oneDNN falls back to GEMM-based convolutions), AVX2 (8-float blocks) and AVX-512 (F, BW, VL and DQ; 16-float blocks).</summary>
    public static readonly string[] Levels = ["SSE41", "AVX2", "AVX512_CORE"];

    /// <summary>The levels of <see cref="Levels"/> this CPU supports, lowest first; empty on a CPU that is not x86-64.</summary>
    public static IReadOnlyList<string> Supported { get; } = Detect();

    /// <summary>The best level this CPU supports (null when it is not x86-64).</summary>
    public static string? Best => Supported.Count > 0 ? Supported[^1] : null;

    /// <summary>The cap set in this process's environment (null when unset).</summary>
    public static string? Cap =>
        CapVariables.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim().ToUpperInvariant();

    /// <summary>The level oneDNN's kernels use in this process: the CPU's best, lowered to <see cref="Cap"/> when that is
    /// one of <see cref="Levels"/> below it; a cap this class does not rank (e.g. <c>AVX</c>) is returned as it is.</summary>
    public static string? InEffect
    {
        get
        {
            if (Best is null || Cap is null or "ALL" or "DEFAULT") return Best;
            int cap = Array.IndexOf(Levels, Cap);
            return cap < 0 ? Cap : cap < Array.IndexOf(Levels, Best) ? Levels[cap] : Best;
        }
    }

    /// <summary>One line for reports, e.g. <c>AVX2 (cap DNNL_MAX_CPU_ISA=AVX2; the CPU has AVX512_CORE)</c>.</summary>
    public static string Describe()
    {
        if (Best is null) return "not x86-64";
        if (Cap is null) return Best;
        var variable = CapVariables.First(v => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v)));
        return $"{InEffect} (cap {variable}={Cap}; the CPU has {Best})";
    }

    static string[] Detect()
    {
        if (!Sse41.IsSupported) return [];
        var levels = new List<string> { "SSE41" };
        if (Avx2.IsSupported && Fma.IsSupported) levels.Add("AVX2");
        if (Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported) levels.Add("AVX512_CORE");
        return [.. levels];
    }
}
