namespace SeqRecLab.Data;

/// <summary>How k-core filtering is applied.</summary>
public enum KCoreMode
{
    /// <summary>Count once on the input, drop every interaction whose user or item is below its minimum (SASRec/BERT4Rec). Users may end up below the minimum.</summary>
    SinglePass,
    /// <summary>Repeat the single pass until nothing changes (S3Rec): afterwards every user and item meets its minimum.</summary>
    Iterative,
}

/// <summary>Which repeated interactions are removed from a user's chronological sequence.</summary>
public enum DedupeRule
{
    /// <summary>Keep every interaction.</summary>
    None,
    /// <summary>Drop an interaction whose item equals the user's previous kept item (a, a, b, a → a, b, a).</summary>
    Consecutive,
    /// <summary>Keep only a user's first interaction with each item (a, a, b, a → a, b).</summary>
    KeepFirst,
}

/// <summary>How raw user and item ids are numbered after filtering.</summary>
public enum IdOrder
{
    /// <summary>By first appearance in the file (line order) among kept interactions (SASRec's DataProcessing.py).</summary>
    FileOrder,
    /// <summary>Users by first appearance in the file; items by first appearance when walking those users' sorted sequences in turn (S3Rec's id_map).</summary>
    SequenceOrder,
    /// <summary>Raw ids parsed as integers, ascending (keeps the ids of files that are already numbered 1..N). Fails on a non-integer id.</summary>
    Numeric,
}

/// <summary>
/// A preprocessing recipe, applied by <see cref="Preprocess.Run"/> in this order:
/// (1) keep interactions with rating ≥ <see cref="MinRating"/> (when set; unrated interactions are kept) and time in
/// [<see cref="MinTimestamp"/>, <see cref="MaxTimestamp"/>] (when set);
/// (2) group by user and sort each user's interactions by timestamp, stable (equal timestamps keep file order);
/// (3) <see cref="Dedupe"/>;
/// (4) k-core: drop users with fewer than <see cref="UserCore"/> and items with fewer than <see cref="ItemCore"/>
/// interactions (repeats count), once or to a fixed point (<see cref="KCore"/>); 0 or 1 disables a side;
/// (5) drop users with fewer than <see cref="MinSequenceLength"/> interactions;
/// (6) number users and items per <see cref="Ids"/>: items 1..N (0 = padding).
/// </summary>
/// <param name="MinRating">Lowest rating kept (inclusive); null keeps every rating (implicit feedback from all interactions).</param>
/// <param name="UserCore">Minimum interactions per user; 0 = no user filter.</param>
/// <param name="ItemCore">Minimum interactions per item; 0 = no item filter.</param>
/// <param name="KCore">Single pass or iterative to a fixed point.</param>
/// <param name="Dedupe">Repeat removal rule.</param>
/// <param name="MinSequenceLength">Users with fewer interactions after k-core are dropped; 0 = keep all non-empty users.</param>
/// <param name="Ids">Id numbering order.</param>
/// <param name="MinTimestamp">Earliest timestamp kept (inclusive), or null.</param>
/// <param name="MaxTimestamp">Latest timestamp kept (inclusive), or null.</param>
public sealed record Recipe(
    float? MinRating = null,
    int UserCore = 0,
    int ItemCore = 0,
    KCoreMode KCore = KCoreMode.SinglePass,
    DedupeRule Dedupe = DedupeRule.None,
    int MinSequenceLength = 0,
    IdOrder Ids = IdOrder.FileOrder,
    long? MinTimestamp = null,
    long? MaxTimestamp = null)
{
    /// <summary>No filtering, ids kept as numbered in the file (for already preprocessed files).</summary>
    public static Recipe AsIs { get; } = new(Ids: IdOrder.Numeric);

    /// <summary>Throws if a field is out of range.</summary>
    public Recipe Validate()
    {
        Check.NonNegative(UserCore, nameof(UserCore));
        Check.NonNegative(ItemCore, nameof(ItemCore));
        Check.NonNegative(MinSequenceLength, nameof(MinSequenceLength));
        if (MinTimestamp is long lo && MaxTimestamp is long hi && lo > hi)
            throw new ArgumentOutOfRangeException(nameof(MinTimestamp), lo, $"MinTimestamp must be ≤ MaxTimestamp ({hi}); got {lo}");
        if (MinRating is float r && float.IsNaN(r))
            throw new ArgumentOutOfRangeException(nameof(MinRating), r, "MinRating must be a number or null; got NaN");
        return this;
    }
}
