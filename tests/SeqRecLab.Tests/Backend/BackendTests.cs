using System.Runtime.InteropServices;
using System.Text;
using SeqRecLab.Backend;
using TorchSharp;

namespace SeqRecLab.Tests.Backend;

public class BackendTests
{
    [Fact]
    public void Initialize_loads_libtorch_and_computes_on_cpu()
    {
        var info = TorchBackend.Initialize("cpu");
        using var a = torch.tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var p = a.matmul(a);                       // [[1,2],[3,4]]² = [[7,10],[15,22]]
        Assert.Equal(new float[] { 7, 10, 15, 22 }, p.data<float>().ToArray());
        Assert.Equal(DeviceType.CPU, info.Device.type);
        Assert.StartsWith("0.107", info.TorchSharp);
        Assert.Contains("2.10", info.LibTorch);
        Assert.True(info.Threads >= 1);
        Assert.Contains("TorchSharp 0.107", info.ToString());
    }

    [Fact]
    public void Unknown_device_names_the_parameter_and_choices()
    {
        var e = Assert.Throws<ArgumentException>(() => TorchBackend.Initialize("tpu"));
        Assert.Contains("\"cpu\"", e.Message);
        Assert.Equal("device", e.ParamName);
    }

    [SkippableFact]
    public void Cuda_request_without_cuda_fails_clearly()
    {
        TorchBackend.Initialize("cpu");
        Skip.If(torch.cuda.is_available(), "CUDA is available here");
        var e = Assert.Throws<InvalidOperationException>(() => TorchBackend.Initialize("cuda"));
        Assert.Contains("LIBTORCH_DIR", e.Message);
    }

    /// <summary>
    /// On systems whose libstdc++ lacks GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04), the shipped libLibTorchSharp.so
    /// does not load; the backend must have loaded a patched copy from its own cache, and torch must work.
    /// Without the fix, Initialize throws here and this test fails.
    /// </summary>
    [SkippableFact]
    public void LibStdCxx_fix_is_applied_exactly_where_the_shipped_library_does_not_load()
    {
        Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "Linux only");
        var info = TorchBackend.Initialize("cpu");
        var libstdcxx = File.ReadAllLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6 && f[5].Contains("libstdc++.so")).Select(f => f[5]).First();
        bool systemHas3432 = Encoding.ASCII.GetString(File.ReadAllBytes(libstdcxx)).Contains("GLIBCXX_3.4.32");
        if (systemHas3432)
        {
            Assert.Null(info.Native.PatchedLibTorchSharp);   // applied only where needed
            return;
        }
        var patched = info.Native.PatchedLibTorchSharp;
        Assert.NotNull(patched);
        Assert.StartsWith(TorchBackend.NativeCacheFolder, patched);
        Assert.Contains(ElfVersionNeeds.Read(patched!), n => n.Version == "GLIBCXX_3.4.32" && n.Weak);
        using var x = torch.linspace(0, 1, 5);
        Assert.Equal(2.5f, x.sum().item<float>(), 5);
    }

    [SkippableFact]
    public void Elf_patch_changes_only_the_flag_of_the_named_version()
    {
        Skip.IfNot(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "Linux only");
        var original = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Skip.IfNot(File.Exists(original), "libLibTorchSharp.so is not in the test output");
        var needs = ElfVersionNeeds.Read(original);
        var target = needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        Assert.False(target.Weak);
        Assert.Equal("libstdc++.so.6", target.Library);
        Assert.Contains(needs, n => n.Version.StartsWith("GLIBC_"));

        var copy = Path.Combine(Path.GetTempPath(), $"lts-{Guid.NewGuid():N}.so");
        try
        {
            var changed = ElfVersionNeeds.CopyWithWeakVersions(original, copy, "GLIBCXX_3.4.32");
            Assert.Single(changed);
            byte[] a = File.ReadAllBytes(original), b = File.ReadAllBytes(copy);
            Assert.Equal(a.Length, b.Length);
            var diff = Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToArray();
            Assert.Equal(new[] { (int)target.FlagsOffset }, diff);   // one byte: vna_flags |= VER_FLG_WEAK (little-endian low byte)
            Assert.Equal(a[diff[0]] | 2, b[diff[0]]);
            Assert.All(ElfVersionNeeds.Read(copy), n => Assert.Equal(n.Version == "GLIBCXX_3.4.32" || needs.First(m => m.FlagsOffset == n.FlagsOffset).Weak, n.Weak));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(copy) + ".tmp-*"));
        }
        finally { File.Delete(copy); }
    }

    [Fact]
    public void Elf_reader_rejects_non_elf_input()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read(new byte[100], "junk.bin"));
        Assert.Contains("junk.bin", e.Message);
    }
}
