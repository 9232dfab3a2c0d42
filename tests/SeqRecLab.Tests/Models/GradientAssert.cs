using SeqRecLab.Backend;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Models;

/// <summary>Compares a float32 result with its float64 reference, naming what differs and the CPU kernels in use.</summary>
static class GradientAssert
{
    /// <summary>Every entry of <paramref name="ours"/> is finite and within <paramref name="relative"/> · max|reference| +
    /// <paramref name="absolute"/> of <paramref name="reference"/>.</summary>
    public static void Close(Tensor ours, Tensor reference, double relative, double absolute, string what)
    {
        var o = ours.to(ScalarType.Float64);
        long nonFinite = o.isfinite().logical_not().sum().item<long>();
        double scale = reference.abs().max().item<double>();
        double error = (o - reference).abs().nan_to_num(double.PositiveInfinity).max().item<double>();
        Assert.True(nonFinite == 0 && error <= relative * scale + absolute,
            $"{what} has {nonFinite} non-finite entries and a largest error of {error:G3} (values up to {scale:G3}); CPU kernels {CpuIsa.Describe()}");
    }
}
