namespace SeqRecLab.Data;

/// <summary>One raw interaction as read from a file, before preprocessing.</summary>
/// <param name="User">Raw user id.</param>
/// <param name="Item">Raw item id.</param>
/// <param name="Timestamp">Time of the interaction (seconds, or any monotone value); for files without time, a running counter in file order (1, 2, 3, …), so file order is time order.</param>
/// <param name="Rating">Explicit rating when the file has one, else <see cref="float.NaN"/>.</param>
public readonly record struct Interaction(string User, string Item, long Timestamp, float Rating = float.NaN)
{
    /// <summary>Where the interaction was read (the readers set it), so that preprocessing can name the file and line of
    /// a bad id; not part of equality.</summary>
    public SourceLine? Origin { get; init; }

    /// <summary>Equal user, item, timestamp and rating (NaN ratings equal); <see cref="Origin"/> does not count.</summary>
    public bool Equals(Interaction other) =>
        User == other.User && Item == other.Item && Timestamp == other.Timestamp && Rating.Equals(other.Rating);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(User, Item, Timestamp, Rating);
}

/// <summary>A line of an input: its source's name (usually the file name) and its 1-based number.</summary>
public readonly record struct SourceLine(string Source, long Line)
{
    /// <summary><c>ratings.dat line 17</c>.</summary>
    public override string ToString() => $"{Source} line {Line}";
}
