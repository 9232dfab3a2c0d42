using SeqRecLab.Backend;
using SeqRecLab.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Training;

/// <summary>FlatAdam makes the same updates as TorchSharp's Adam, whatever the parameters' shapes.</summary>
public class FlatAdamTests
{
    public FlatAdamTests() => TorchBackend.Initialize("cpu");

    /// <summary>Three parameter tensors of different shapes (a matrix, a vector, a bias).</summary>
    static nn.Module<Tensor, Tensor> Net(int seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(5, 4), nn.LayerNorm(4), nn.Linear(4, 3, hasBias: false));
    }

    static Tensor Loss(nn.Module<Tensor, Tensor> net, int step)
    {
        var x = arange(10 * 5, dtype: float32).reshape(10, 5).sin() * (step + 1);
        return net.call(x).pow(3).mean();
    }

    [Theory]
    [InlineData(0.9, 0.999)]
    [InlineData(0.5, 0.6)]
    public void Matches_TorchSharp_Adam_over_several_steps(double beta1, double beta2)
    {
        var a = Net(7);
        var b = Net(7);
        using var reference = optim.Adam(a.parameters(), 0.01, beta1: beta1, beta2: beta2);
        using var flat = new FlatAdam(b, 0.01, beta1, beta2);
        for (int step = 0; step < 6; step++)
        {
            reference.zero_grad(); Loss(a, step).backward(); reference.step();
            flat.zero_grad(); Loss(b, step).backward(); flat.step();
        }
        Assert.Equal(6, flat.Steps);
        foreach (var (pa, pb) in a.parameters().Zip(b.parameters()))
        {
            Assert.True(pa.allclose(pb, rtol: 1e-5, atol: 1e-7), $"max difference {(pa - pb).abs().max().item<float>()}");
            Assert.False(pa.allclose(Net(7).parameters().First(q => q.shape.SequenceEqual(pa.shape))), "the parameters moved");
        }
    }

    [Fact]
    public void Zero_grad_sets_the_gradients_to_none()
    {
        var net = Net(1);
        using var flat = new FlatAdam(net);
        Loss(net, 0).backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        flat.zero_grad();
        Assert.All(net.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void A_parameter_without_a_gradient_is_an_error_naming_it()
    {
        var net = Net(1);
        using var flat = new FlatAdam(net);
        var ex = Assert.Throws<InvalidOperationException>(() => flat.step());
        Assert.Contains("has no gradient", ex.Message);
    }

    [Fact]
    public void Frozen_parameters_are_left_alone()
    {
        var net = Net(3);
        var frozen = net.parameters().First();
        frozen.requires_grad = false;
        var before = frozen.detach().clone();
        var moving = net.parameters().Last().detach().clone();
        using var flat = new FlatAdam(net, 0.1);
        Assert.Equal(net.parameters().Count() - 1, flat.parameters().Count());
        flat.zero_grad(); Loss(net, 0).backward(); flat.step();
        Assert.True(frozen.allclose(before, rtol: 0, atol: 0));
        Assert.False(net.parameters().Last().allclose(moving, rtol: 0, atol: 0));
    }

    [Fact]
    public void Bad_settings_fail_at_once()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlatAdam(Net(1), beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlatAdam(Net(1), beta2: -0.1));
        Assert.ThrowsAny<ArgumentException>(() => new FlatAdam(Net(1), lr: 0));
    }
}
