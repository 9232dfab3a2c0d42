using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// Convolutions whose gradients are right on every x86-64 CPU: the filters are padded with zero filters to a
/// multiple of 16 before libtorch's convolution runs, and the extra output channels are dropped. Same result, same
/// gradients, same parameters as the plain convolution; a little more work when the filter count is not a multiple of 16.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> libtorch 2.10's CPU convolution (oneDNN 3.7.1) computes a wrong gradient with respect to its input
/// when the number of filters is not a multiple of the CPU's channel block (8 floats with AVX2, 16 with AVX-512) and
/// the kernel has more than one tap. The backward pass reorders the weights into a blocked layout whose filter
/// dimension is padded up to the block (<c>ABcd8a8b</c>, <c>ABcd16a16b</c>), and that reorder writes the padding as one
/// contiguous run: it overwrites the weights of the following taps with zeros and leaves the padding of the last taps
/// unwritten, holding whatever the heap held (NaN now and then, so training goes NaN at random).</para>
/// <para><b>Evidence</b> (2026-12-04, AMD EPYC with AVX-512, also through libtorch's C API with no .NET involved):
/// <c>Conv1d(16 → 4, width 5)</c> on a [8, 16, 12] input gives, under <c>DNNL_MAX_CPU_ISA=AVX2</c>, exactly the input
/// gradient of the same convolution with taps 1 and 2 removed (all 1,536 entries); under AVX-512 with one thread, with
/// taps 1–3 removed; with two threads the result varies from run to run. The disassembled reorder kernel zeroes
/// 640 contiguous bytes where the padding is 5 runs of 128 bytes, 256 bytes apart. The weight reorder of the forward
/// pass and the weight gradient are right; SSE4.1 (GEMM-based convolution) is right; 16 filters are right under every cap.
/// Caser's defaults (4 vertical filters) hit it, so Caser trained on a CPU with AVX2 had wrong embedding gradients
/// before this class. <c>ConvolutionGradientTests</c> checks every convolution Caser runs against a float64 reference,
/// and the suite runs it under each ISA cap the CPU supports.</para>
/// </remarks>
public static class PaddedFilterConvolution
{
    /// <summary>Filter counts are rounded up to a multiple of this: the AVX-512 channel block, and a multiple of AVX2's.</summary>
    public const int FilterMultiple = 16;

    /// <summary><c>conv1d(input, weight, bias)</c> (stride 1, no padding) with the filters padded to <see cref="FilterMultiple"/>.</summary>
    public static Tensor Conv1d(Tensor input, Tensor weight, Tensor? bias) =>
        Run(weight, bias, (w, b) => functional.conv1d(input, w, b));

    /// <summary><c>conv2d(input, weight, bias)</c> (stride 1, no padding) with the filters padded to <see cref="FilterMultiple"/>.</summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias) =>
        Run(weight, bias, (w, b) => functional.conv2d(input, w, b));

    static Tensor Run(Tensor weight, Tensor? bias, Func<Tensor, Tensor?, Tensor> convolve)
    {
        long filters = weight.shape[0], extra = (FilterMultiple - filters % FilterMultiple) % FilterMultiple;
        if (extra == 0) return convolve(weight, bias);
        var shape = weight.shape.ToArray();
        shape[0] = extra;
        var w = cat(new[] { weight, zeros(shape, weight.dtype, weight.device) }, 0);
        var b = bias is null ? null : cat(new[] { bias, zeros(extra, bias.dtype, bias.device) }, 0);
        return convolve(w, b).narrow(1, 0, filters);
    }
}
