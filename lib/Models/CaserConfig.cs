namespace SeqRecLab.Models;

/// <summary>
/// Caser's sizes as the RSS thesis configures it (ch. 4, aprec code): embedding 64 over L = 50 positions,
/// 4 vertical filters (L × 1), 16 horizontal filters for every height h = 1…L with max-pooling over time,
/// dropout 0.5, a dense layer of 64 (ReLU), an untied dense output over all items, no user embedding.
/// </summary>
/// <param name="MaxLength">Input length L; the vertical filters span all L positions and the horizontal heights run 1…L (thesis: 50).</param>
/// <param name="EmbeddingSize">Item embedding and dense width d (thesis: 64).</param>
/// <param name="VerticalFilters">Number of vertical filters (thesis: 4).</param>
/// <param name="HorizontalFilters">Horizontal filters per height (thesis: 16).</param>
/// <param name="Dropout">Dropout before the dense layer (thesis: 0.5).</param>
public sealed record CaserConfig(int MaxLength = 50, int EmbeddingSize = 64, int VerticalFilters = 4, int HorizontalFilters = 16, double Dropout = 0.5)
{
    /// <summary>The thesis' (aprec) configuration.</summary>
    public static CaserConfig Thesis { get; } = new();

    /// <summary>Fails with a message naming the first parameter out of range.</summary>
    public CaserConfig Validate()
    {
        Check.Positive(MaxLength);
        Check.Positive(EmbeddingSize);
        Check.Positive(VerticalFilters);
        Check.Positive(HorizontalFilters);
        Check.InRange(Dropout, 0.0, 0.99);
        return this;
    }
}
