using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Charts;

/// <summary>Maps embeddings to 2-D for <see cref="Plots.EmbeddingScatter"/>.</summary>
public static class Projection
{
    /// <summary>
    /// Principal-component projection of <paramref name="embeddings"/> [N, D] onto its first two components,
    /// computed on the CPU in float64 by SVD of the mean-centred rows. Signs are fixed so that each component's
    /// loading with the largest absolute value is positive (the same input always gives the same picture).
    /// With D = 1 the second coordinate is all zeros.
    /// </summary>
    /// <returns>The first (<c>X</c>) and second (<c>Y</c>) principal coordinates of each row, in row order.</returns>
    public static (double[] X, double[] Y) Pca2D(Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        if (embeddings.dim() != 2) throw new ArgumentException($"embeddings must be a 2-D tensor [N, D]; got shape [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));
        int n = (int)embeddings.shape[0];
        Check.Positive(n, "embeddings.shape[0]");
        using var scope = NewDisposeScope();
        var centred = embeddings.detach().to(CPU).to(float64);
        centred = centred - centred.mean([0], keepdim: true);
        var (_, _, vh) = linalg.svd(centred, fullMatrices: false);
        int k = Math.Min(2, (int)vh.shape[0]);
        var components = vh[..k];                                   // [k, D]
        var largest = components.abs().argmax(1, keepdim: true);     // [k, 1]
        var signs = components.gather(1, largest).sign();           // [k, 1]
        signs = where(signs == 0, ones_like(signs), signs);
        var coords = centred.matmul((components * signs).t());      // [N, k]
        var flat = coords.contiguous().data<double>().ToArray();
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = flat[i * k];
            if (k == 2) y[i] = flat[i * k + 1];
        }
        return (x, y);
    }

    /// <summary><see cref="Pca2D(Tensor)"/> for rows given as arrays (all of one length).</summary>
    public static (double[] X, double[] Y) Pca2D(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) throw new ArgumentException("rows must hold at least one row; got none", nameof(rows));
        int d = rows[0].Length;
        if (rows.Any(r => r.Length != d)) throw new ArgumentException($"all rows must have the same length ({d})", nameof(rows));
        using var t = tensor(rows.SelectMany(r => r).ToArray(), [rows.Count, d]);
        return Pca2D(t);
    }
}
