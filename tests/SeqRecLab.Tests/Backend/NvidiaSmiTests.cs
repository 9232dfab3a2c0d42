using SeqRecLab.Backend;

namespace SeqRecLab.Tests.Backend;

/// <summary>Reading nvidia-smi's CSV: a process's memory over all GPUs, a device's memory, and nothing where there is nothing.</summary>
public class NvidiaSmiTests
{
    [Fact]
    public void Process_memory_sums_the_processs_lines_only()
    {
        const string csv = "4242, 1510\n77, 900\n4242, 20\n";
        Assert.Equal(1530, NvidiaSmi.ParseProcessMemory(csv, 4242));
        Assert.Equal(900, NvidiaSmi.ParseProcessMemory(csv, 77));
        Assert.Null(NvidiaSmi.ParseProcessMemory(csv, 5));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("No running processes found\n")]
    [InlineData("4242, [N/A]\n")]
    public void No_usable_process_line_gives_null(string? csv) => Assert.Null(NvidiaSmi.ParseProcessMemory(csv, 4242));

    [Fact]
    public void Device_memory_is_the_indexed_line()
    {
        const string csv = "3071\n12 MiB\n";
        Assert.Equal(3071, NvidiaSmi.ParseDeviceMemory(csv, 0));
        Assert.Equal(12, NvidiaSmi.ParseDeviceMemory(csv, 1));
        Assert.Null(NvidiaSmi.ParseDeviceMemory(csv, 2));
        Assert.Null(NvidiaSmi.ParseDeviceMemory("[N/A]\n", 0));
    }
}
