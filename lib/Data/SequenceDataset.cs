namespace SeqRecLab.Data;

/// <summary>
/// Users' interaction sequences after preprocessing: item ids run 1..<see cref="NumItems"/> (0 is padding),
/// each sequence in chronological order, one sequence per user (user index = position in <see cref="Sequences"/>).
/// </summary>
/// <param name="Name">Dataset name as shown in tables and charts.</param>
/// <param name="NumItems">Number of distinct items; the largest item id.</param>
/// <param name="Sequences">Per user, the chronological item ids.</param>
/// <param name="UserIds">Optional original user ids, aligned with <paramref name="Sequences"/>.</param>
/// <param name="ItemIds">Optional original item ids: <c>ItemIds[i - 1]</c> is the raw id of item <c>i</c>.</param>
public sealed record SequenceDataset(
    string Name,
    int NumItems,
    IReadOnlyList<int[]> Sequences,
    IReadOnlyList<string>? UserIds = null,
    IReadOnlyList<string>? ItemIds = null)
{
    /// <summary>Number of users.</summary>
    public int NumUsers => Sequences.Count;

    /// <summary>Total number of interactions.</summary>
    public long NumInteractions => Sequences.Sum(s => (long)s.Length);

    /// <summary>Throws if any item id is outside 1..NumItems.</summary>
    public SequenceDataset Validate()
    {
        for (int u = 0; u < Sequences.Count; u++)
            foreach (var i in Sequences[u])
                if (i < 1 || i > NumItems)
                    throw new InvalidDataException($"{Name}: user {u} has item id {i}, outside 1..{NumItems}");
        return this;
    }
}
