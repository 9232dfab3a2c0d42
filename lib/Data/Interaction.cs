namespace SeqRecLab.Data;

/// <summary>One raw interaction as read from a file, before preprocessing.</summary>
/// <param name="User">Raw user id.</param>
/// <param name="Item">Raw item id.</param>
/// <param name="Timestamp">Time of the interaction (seconds, or any monotone value); for files without time, the line number.</param>
/// <param name="Rating">Explicit rating when the file has one, else <see cref="float.NaN"/>.</param>
public readonly record struct Interaction(string User, string Item, long Timestamp, float Rating = float.NaN);
