using SeqRecLab.Backend;
using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Models;

/// <summary>
/// Every sequence model's parameter gradients in float32 equal those of a float64 copy of the same model (same weights,
/// same input), within float32 rounding. float64 runs other CPU kernels (no oneDNN convolution, double-precision GEMM),
/// so a float32 kernel that computes something else, as oneDNN's convolution did for Caser, fails here; the suite runs it
/// again under every oneDNN ISA cap the CPU supports. Dropout is off (eval mode) so both copies compute the same function.
/// </summary>
public class ModelGradientTests
{
    public ModelGradientTests() => TorchBackend.Initialize("cpu");

    const int Items = 60;

    public static TheoryData<string> Models => new() { "Caser", "Caser-defaults", "GRU4Rec", "SASRec", "BERT4Rec" };

    static ISequenceEncoder Make(string name) => name switch
    {
        // the RSS model test's Caser (4 horizontal filters), and the thesis' filter counts (4 vertical, 16 horizontal)
        "Caser" => new Caser(Items, new CaserConfig(MaxLength: 12, EmbeddingSize: 16, HorizontalFilters: 4)),
        "Caser-defaults" => new Caser(Items, new CaserConfig(MaxLength: 20, EmbeddingSize: 32)),
        "GRU4Rec" => new Gru4Rec(Items, new Gru4RecConfig(MaxLength: 20, EmbeddingSize: 32)),   // 3 GRU layers, as the thesis
        "SASRec" => new SasRec(Items, new SasRecConfig(MaxLength: 20, HiddenSize: 32, Blocks: 2)),
        _ => new SeqRecLab.Models.Bert4Rec(Items, new Bert4RecConfig(MaxLength: 20, HiddenSize: 32, Blocks: 2, Heads: 2, IntermediateSize: 64)),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void Float32_gradients_equal_those_of_a_float64_copy(string name)
    {
        manual_seed(11);
        var m32 = Make(name);
        manual_seed(11);
        var m64 = Make(name);
        var (module32, module64) = ((nn.Module)m32, (nn.Module)m64);
        module64.to(ScalarType.Float64);
        module32.eval();
        module64.eval();
        manual_seed(12);
        var inputs = randint(0, Items + 1, new long[] { 24, m32.MaxLength });   // item ids with some padding (0)
        var h32 = m32.Encode(inputs);
        var up = randn(h32.shape);
        (h32 * up).sum().backward();
        (m64.Encode(inputs) * up.to(ScalarType.Float64)).sum().backward();
        var grads64 = module64.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad);
        // a gradient that is zero in exact arithmetic (e.g. attention's key bias) is float32 noise: the tolerance is
        // relative to each gradient's own scale and, for such near-zero ones, to the largest gradient of the model
        double modelScale = grads64.Values.Where(g => g is not null).Max(g => g!.abs().max().item<double>());
        foreach (var (pname, p) in module32.named_parameters())
        {
            if (p.grad is null) { Assert.Null(grads64[pname]); continue; }
            GradientAssert.Close(p.grad, grads64[pname]!, 2e-4, 1e-5 * modelScale, $"{name}: the gradient of {pname}");
        }
    }
}
