using System.Runtime.InteropServices;
using SeqRecLab.Backend;
using TorchSharp;

namespace SeqRecLab.Tests;

public class BackendTests
{
    [Fact]
    public void Initialize_loads_libtorch_and_computes()
    {
        var info = TorchBackend.Initialize("cpu");
        using var x = torch.arange(1, 5, dtype: torch.float32);
        Assert.Equal(10f, x.sum().item<float>());
        Assert.Equal(DeviceType.CPU, info.Device.type);
        Assert.StartsWith("0.107", info.TorchSharp);
        Assert.Contains("2.10", info.LibTorch);
    }
}
