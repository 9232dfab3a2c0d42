using SeqRecLab.Backend;
using SeqRecLab.Charts;
using TorchSharp;

namespace SeqRecLab.Tests.Reporting;

public class ProjectionTests
{
    [Fact]
    public void Pca2D_of_points_on_a_line()
    {
        TorchBackend.Initialize("cpu");
        // Rows (1,2,0), (2,4,0), (3,6,0): mean (2,4,0); centred (-1,-2,0), (0,0,0), (1,2,0).
        // First component v1 = (1,2,0)/√5 (largest loading 2/√5 > 0, so this sign); projections -√5, 0, √5.
        // All variance lies on v1, so the second coordinates are 0.
        using var e = torch.tensor(new float[] { 1, 2, 0, 2, 4, 0, 3, 6, 0 }, [3, 3]);
        var (x, y) = Projection.Pca2D(e);
        var s5 = Math.Sqrt(5);
        Assert.Equal(-s5, x[0], 5);
        Assert.Equal(0, x[1], 5);
        Assert.Equal(s5, x[2], 5);
        Assert.All(y, v => Assert.Equal(0, v, 5));
    }

    [Fact]
    public void Pca2D_second_component_and_sign_rule()
    {
        TorchBackend.Initialize("cpu");
        // Rows (-2,0), (2,0), (0,-1), (0,1): already centred; variances 8/4 along x, 2/4 along y.
        // v1 = ±(1,0) → sign +, so x = (-2, 2, 0, 0); v2 = ±(0,1) → sign +, so y = (0, 0, -1, 1).
        var (x, y) = Projection.Pca2D([new float[] { -2, 0 }, [2, 0], [0, -1], [0, 1]]);
        Assert.Equal(new[] { -2.0, 2, 0, 0 }, x.Select(v => Math.Round(v, 6)).ToArray());
        Assert.Equal(new[] { 0.0, 0, -1, 1 }, y.Select(v => Math.Round(v, 6) + 0.0).ToArray());
        Assert.Throws<ArgumentException>("embeddings", () => Projection.Pca2D(torch.zeros(3)));
    }
}
