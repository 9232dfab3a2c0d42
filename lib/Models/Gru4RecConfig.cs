namespace SeqRecLab.Models;

/// <summary>
/// GRU4Rec's sizes as the RSS thesis configures it (ch. 4, authors' aprec code): item embedding 64, 3 stacked GRU
/// layers of 64 units, 1 dense layer of 64 (ReLU), then an untied dense output layer over all items.
/// </summary>
/// <param name="MaxLength">Input length L (thesis: 50, left-padded, most recent last).</param>
/// <param name="EmbeddingSize">Item embedding, GRU and dense width d (thesis: 64).</param>
/// <param name="GruLayers">Stacked GRU layers (thesis: 3).</param>
/// <param name="DenseLayers">ReLU dense layers of width d after the GRUs (thesis: 1).</param>
public sealed record Gru4RecConfig(int MaxLength = 50, int EmbeddingSize = 64, int GruLayers = 3, int DenseLayers = 1)
{
    /// <summary>The thesis' (aprec) configuration.</summary>
    public static Gru4RecConfig Thesis { get; } = new();

    /// <summary>Fails with a message naming the first parameter out of range.</summary>
    public Gru4RecConfig Validate()
    {
        Check.Positive(MaxLength);
        Check.Positive(EmbeddingSize);
        Check.Positive(GruLayers);
        Check.NonNegative(DenseLayers);
        return this;
    }
}
