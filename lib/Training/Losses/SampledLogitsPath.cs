namespace SeqRecLab.Training.Losses;

/// <summary>
/// How <see cref="SampledLogits"/> computes the 1 + k logits per position. Both paths use the same negatives and
/// give the same values up to float rounding (the dot products are summed in a different order).
/// </summary>
public enum SampledLogitsPath
{
    /// <summary><see cref="ScoreAll"/> when the score matrix B·L·(N + 1) is no larger than the gathered embeddings
    /// B·L·(1 + k)·d, else <see cref="Gather"/>. E.g. ML-1M (N = 3,416), k = 256, d = 128 → ScoreAll;
    /// k = 1 → Gather.</summary>
    Auto,

    /// <summary>Gathers the 1 + k output embeddings of every position, [B, L, 1 + k, d], and takes dot products with
    /// the hidden state. Memory B·L·(1 + k)·d; independent of the catalogue size (large catalogues, small k).</summary>
    Gather,

    /// <summary>Scores all items with one matrix product, h·Eᵀ → [B, L, N + 1], then gathers the 1 + k columns.
    /// Memory B·L·(N + 1); far cheaper than <see cref="Gather"/> when (1 + k)·d exceeds N (gSASRec on ML-1M).</summary>
    ScoreAll,
}
