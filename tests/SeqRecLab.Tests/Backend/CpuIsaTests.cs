using SeqRecLab.Backend;
using SeqRecLab.TestSupport;

namespace SeqRecLab.Tests.Backend;

public class CpuIsaTests
{
    /// <summary>Runs <paramref name="body"/> with the cap variables set as given, restoring them afterwards.</summary>
    static void WithCap(string? onednn, string? dnnl, Action body)
    {
        var saved = CpuIsa.CapVariables.Select(Environment.GetEnvironmentVariable).ToArray();
        try
        {
            Environment.SetEnvironmentVariable("ONEDNN_MAX_CPU_ISA", onednn);
            Environment.SetEnvironmentVariable("DNNL_MAX_CPU_ISA", dnnl);
            body();
        }
        finally
        {
            for (int i = 0; i < saved.Length; i++) Environment.SetEnvironmentVariable(CpuIsa.CapVariables[i], saved[i]);
        }
    }

    [SkippableFact]
    public void A_cap_lowers_the_level_in_effect_and_never_raises_it()
    {
        Skip.If(CpuIsa.Best is null, "not an x86-64 CPU");
        Assert.Equal("SSE41", CpuIsa.Supported[0]);
        Assert.Equal(CpuIsa.Levels.Take(CpuIsa.Supported.Count), CpuIsa.Supported);
        WithCap(null, null, () => { Assert.Equal(CpuIsa.Best, CpuIsa.InEffect); Assert.Equal(CpuIsa.Best, CpuIsa.Describe()); });
        WithCap(null, "sse41", () =>
        {
            Assert.Equal("SSE41", CpuIsa.InEffect);
            Assert.Equal($"SSE41 (cap DNNL_MAX_CPU_ISA=SSE41; the CPU has {CpuIsa.Best})", CpuIsa.Describe());
        });
        WithCap("SSE41", "AVX512_CORE", () => Assert.Equal("SSE41", CpuIsa.InEffect));        // oneDNN's own name wins
        WithCap(null, "AVX512_CORE", () => Assert.Equal(CpuIsa.Best, CpuIsa.InEffect));        // a cap above the CPU does nothing
        WithCap(null, "ALL", () => Assert.Equal(CpuIsa.Best, CpuIsa.InEffect));
        WithCap(null, "AVX", () => Assert.Equal("AVX", CpuIsa.InEffect));                      // a level not ranked here, as given
    }

    [SkippableFact]
    public void A_child_run_under_a_cap_has_that_cap_in_effect()
    {
        var cap = Environment.GetEnvironmentVariable(IsaCapRuns.ChildVariable);
        Skip.If(string.IsNullOrEmpty(cap), "not a child run under an ISA cap (IsaCapTests starts those)");
        Assert.Equal(cap, CpuIsa.Cap);
        Assert.Equal(cap, CpuIsa.InEffect);
    }

    [Fact]
    public void The_other_caps_are_the_supported_levels_except_the_one_in_effect()
    {
        var caps = IsaCapRuns.OtherCaps().Cast<object[]>().Select(row => (string)row[0]).ToList();
        var expected = CpuIsa.Supported.Where(c => c != CpuIsa.InEffect).ToList();
        Assert.Equal(expected.Count > 0 ? expected : ["none"], caps);
    }
}
