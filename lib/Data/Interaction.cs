namespace SeqRecLab.Data;

/// <summary>One raw interaction as read from a file, before preprocessing.</summary>
/// <param name="User">Raw user id.</param>
/// <param name="Item">Raw item id.</param>
/// <param name="Timestamp">Time of the interaction (seconds, or any monotone value); for files without time, a running counter in file order (1, 2, 3, …), so file order is time order.</param>
/// <param name="Rating">Explicit rating when the file has one, else <see cref="float.NaN"/>.</param>
public readonly record struct Interaction(string User, string Item, long Timestamp, float Rating = float.NaN);
