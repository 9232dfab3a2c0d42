using SeqRecLab.Backend;
using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Models;

/// <summary>
/// Caser's convolutions, as the model runs them (<see cref="PaddedFilterConvolution"/>), against a float64 reference
/// written out as sums (unfold and einsum: no convolution kernel involved): output, input gradient, weight and bias
/// gradients, finite and equal within float32 rounding. libtorch picks the CPU convolution kernel by instruction set,
/// so the suite runs these again under every oneDNN ISA cap the CPU supports (<c>IsaCapTests</c>); plain
/// <c>conv1d</c> fails them under AVX2 and AVX-512 (see <see cref="PaddedFilterConvolution"/>).
/// </summary>
public class ConvolutionGradientTests
{
    public ConvolutionGradientTests() => TorchBackend.Initialize("cpu");

    /// <summary>(batch, channels = d, length = L, filters): the sweep that found the defect, the RSS model test's Caser
    /// (d = 16, L = 12, 4 filters), notebook 02's quick Caser (d = 32, L = 30, 16 filters) and Caser's paper size.</summary>
    public static TheoryData<int, int, int, int> HorizontalCases => new()
    {
        { 32, 16, 12, 4 }, { 32, 16, 20, 4 }, { 8, 16, 12, 4 }, { 32, 16, 12, 5 }, { 16, 16, 12, 17 },
        { 64, 32, 30, 16 }, { 16, 64, 50, 16 }, { 16, 64, 50, 4 },
    };

    [Theory]
    [MemberData(nameof(HorizontalCases))]
    public void Horizontal_convolutions_of_every_height_match_the_float64_sums(int batch, int channels, int length, int filters)
    {
        for (int h = 1; h <= length; h++)
        {
            using var scope = NewDisposeScope();
            manual_seed(1000 + h);
            var x = randn(batch, channels, length);
            var w = randn(filters, channels, h) / Math.Sqrt(channels * h);
            var b = randn(filters);
            var up = randn(batch, filters, length - h + 1);
            var ours = Gradients(x, w, b, up, PaddedFilterConvolution.Conv1d);
            var reference = Gradients(x.to(ScalarType.Float64), w.to(ScalarType.Float64), b.to(ScalarType.Float64), up.to(ScalarType.Float64),
                (xx, ww, bb) => einsum("bctk,fck->bft", xx.unfold(2, h, 1), ww) + bb.view(1, -1, 1));
            AssertClose(ours, reference, $"Conv1d({channels} → {filters}, height {h}) on [{batch}, {channels}, {length}]");
        }
    }

    /// <summary>(batch, L, d, filters): Caser's vertical convolution, an (L × 1) filter over the embedding matrix, at the
    /// RSS test's, notebook 02's quick and the paper's sizes, and the model test's toy size.</summary>
    [Theory]
    [InlineData(32, 12, 16, 4)]
    [InlineData(64, 30, 32, 4)]
    [InlineData(32, 50, 64, 4)]
    [InlineData(8, 5, 8, 2)]
    [InlineData(64, 30, 32, 16)]
    public void The_vertical_convolution_matches_the_float64_sums(int batch, int length, int d, int filters)
    {
        manual_seed(7);
        var x = randn(batch, 1, length, d);
        var w = randn(filters, 1, length, 1) / Math.Sqrt(length);
        var b = randn(filters);
        var up = randn(batch, filters, 1, d);
        var ours = Gradients(x, w, b, up, PaddedFilterConvolution.Conv2d);
        var reference = Gradients(x.to(ScalarType.Float64), w.to(ScalarType.Float64), b.to(ScalarType.Float64), up.to(ScalarType.Float64),
            (xx, ww, bb) => (einsum("fl,bld->bfd", ww.view(filters, length), xx.view(batch, length, d)) + bb.view(1, -1, 1)).unsqueeze(2));
        AssertClose(ours, reference, $"Conv2d(1 → {filters}, ({length} × 1)) on [{batch}, 1, {length}, {d}]");
    }

    /// <summary>The output and the gradients of Σ up ⊙ conv(x) with respect to x, the weights and the bias.</summary>
    static Tensor[] Gradients(Tensor x, Tensor w, Tensor b, Tensor up, Func<Tensor, Tensor, Tensor, Tensor> conv)
    {
        var (xg, wg, bg) = (x.detach().requires_grad_(), w.detach().requires_grad_(), b.detach().requires_grad_());
        var y = conv(xg, wg, bg);
        var grads = autograd.grad(new[] { y }, new[] { xg, wg, bg }, new[] { up });
        return [y.detach(), .. grads];
    }

    static void AssertClose(Tensor[] ours, Tensor[] reference, string what)
    {
        string[] names = ["output", "input gradient", "weight gradient", "bias gradient"];
        for (int i = 0; i < ours.Length; i++) GradientAssert.Close(ours[i], reference[i], 1e-4, 1e-6, $"{what}: {names[i]}");
    }
}
