using System.Globalization;

namespace SeqRecLab.Data;

/// <summary>
/// Turns raw interactions into a <see cref="SequenceDataset"/> following a <see cref="Recipe"/> (see the recipe's
/// documentation for the order of the steps). Chronological order is a stable sort by timestamp: interactions with
/// equal timestamps keep their order in the input. User and item ids are numbered per <see cref="Recipe.Ids"/>;
/// items run 1..N and 0 is padding; <see cref="SequenceDataset.UserIds"/> and <see cref="SequenceDataset.ItemIds"/>
/// keep the raw ids.
/// </summary>
public static class Preprocess
{
    private readonly record struct Entry(int Item, long Time, long Pos);

    /// <summary>Applies <paramref name="recipe"/> to <paramref name="interactions"/> (read once, in order) and names the result <paramref name="name"/>.</summary>
    public static SequenceDataset Run(IEnumerable<Interaction> interactions, Recipe recipe, string name)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(name);
        recipe.Validate();

        // (1) filter and intern raw ids (indices in order of first appearance in the input)
        var userIndex = new Dictionary<string, int>();
        var itemIndex = new Dictionary<string, int>();
        var rawUsers = new List<string>();
        var rawItems = new List<string>();
        var userOrigins = new List<SourceLine?>();   // where each raw id first appeared, for error messages
        var itemOrigins = new List<SourceLine?>();
        var perUser = new List<List<Entry>>();
        long pos = 0;
        foreach (var x in interactions)
        {
            long p = pos++;
            if (recipe.MinRating is float min && !float.IsNaN(x.Rating) && x.Rating < min) continue;
            if (recipe.MinTimestamp is long lo && x.Timestamp < lo) continue;
            if (recipe.MaxTimestamp is long hi && x.Timestamp > hi) continue;
            if (!userIndex.TryGetValue(x.User, out var u))
            {
                u = rawUsers.Count; userIndex.Add(x.User, u); rawUsers.Add(x.User); userOrigins.Add(x.Origin); perUser.Add(new List<Entry>());
            }
            if (!itemIndex.TryGetValue(x.Item, out var i))
            {
                i = rawItems.Count; itemIndex.Add(x.Item, i); rawItems.Add(x.Item); itemOrigins.Add(x.Origin);
            }
            perUser[u].Add(new Entry(i, x.Timestamp, p));
        }
        if (pos == 0) throw new InvalidDataException($"{name}: the input holds no interactions");

        // (2) stable chronological order: ties on time keep input order (Pos is unique and increasing)
        foreach (var seq in perUser)
            seq.Sort(static (a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Pos.CompareTo(b.Pos));

        // (3) dedupe
        if (recipe.Dedupe != DedupeRule.None)
            for (int u = 0; u < perUser.Count; u++) perUser[u] = Dedupe(perUser[u], recipe.Dedupe);

        // (4) k-core
        KCore(perUser, rawItems.Count, recipe.UserCore, recipe.ItemCore, recipe.KCore);

        // (5) minimum sequence length (and drop empty users)
        var keptUsers = Enumerable.Range(0, perUser.Count)
            .Where(u => perUser[u].Count > 0 && perUser[u].Count >= recipe.MinSequenceLength).ToList();
        if (keptUsers.Count == 0)
            throw new InvalidDataException($"{name}: none of its {pos:N0} interactions is left after preprocessing ({recipe})");

        // (6) numbering
        List<int> userOrder;
        List<int> itemOrder;
        switch (recipe.Ids)
        {
            case IdOrder.Numeric:
                // keys parsed eagerly so that every id is checked (OrderBy skips the key of a single element)
                userOrder = keptUsers.Select(u => (Key: Numeric(rawUsers[u], "user", userOrigins[u]), u)).ToList()
                    .OrderBy(x => x.Key).Select(x => x.u).ToList();
                itemOrder = keptUsers.SelectMany(u => perUser[u]).Select(e => e.Item).Distinct()
                    .Select(i => (Key: Numeric(rawItems[i], "item", itemOrigins[i]), i)).ToList()
                    .OrderBy(x => x.Key).Select(x => x.i).ToList();
                break;
            case IdOrder.FileOrder:
            case IdOrder.SequenceOrder:
                userOrder = keptUsers.OrderBy(u => perUser[u].Min(e => e.Pos)).ToList();
                if (recipe.Ids == IdOrder.FileOrder)
                {
                    var firstPos = new Dictionary<int, long>();
                    foreach (var u in keptUsers)
                        foreach (var e in perUser[u])
                            if (!firstPos.TryGetValue(e.Item, out var fp) || e.Pos < fp) firstPos[e.Item] = e.Pos;
                    itemOrder = firstPos.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToList();
                }
                else
                {
                    itemOrder = userOrder.SelectMany(u => perUser[u]).Select(e => e.Item).Distinct().ToList();
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(recipe), recipe.Ids, "recipe.Ids must be FileOrder, SequenceOrder or Numeric");
        }

        var newItemId = new int[rawItems.Count];
        for (int k = 0; k < itemOrder.Count; k++) newItemId[itemOrder[k]] = k + 1;
        var sequences = userOrder.Select(u => perUser[u].Select(e => newItemId[e.Item]).ToArray()).ToList();
        return new SequenceDataset(name, itemOrder.Count, sequences,
            userOrder.Select(u => rawUsers[u]).ToList(), itemOrder.Select(i => rawItems[i]).ToList());
    }

    private static long Numeric(string raw, string what, SourceLine? origin) =>
        long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new InvalidDataException($"{(origin is SourceLine o ? $"{o}: " : "")}IdOrder.Numeric needs integer ids; {what} id '{raw}' is not an integer");

    private static List<Entry> Dedupe(List<Entry> seq, DedupeRule rule)
    {
        var kept = new List<Entry>(seq.Count);
        if (rule == DedupeRule.Consecutive)
        {
            foreach (var e in seq)
                if (kept.Count == 0 || kept[^1].Item != e.Item) kept.Add(e);
        }
        else
        {
            var seen = new HashSet<int>();
            foreach (var e in seq)
                if (seen.Add(e.Item)) kept.Add(e);
        }
        return kept;
    }

    /// <summary>
    /// k-core in place. One pass: count interactions per user and per item (repeats count), then drop every interaction
    /// whose user count is below <paramref name="userCore"/> or whose item count is below <paramref name="itemCore"/>.
    /// Iterative mode repeats passes until one drops nothing.
    /// </summary>
    private static void KCore(List<List<Entry>> perUser, int numItems, int userCore, int itemCore, KCoreMode mode)
    {
        if (userCore <= 1 && itemCore <= 1) return;
        var itemCount = new int[numItems];
        while (true)
        {
            Array.Clear(itemCount);
            foreach (var seq in perUser)
                foreach (var e in seq) itemCount[e.Item]++;
            bool removed = false;
            for (int u = 0; u < perUser.Count; u++)
            {
                var seq = perUser[u];
                if (seq.Count == 0) continue;
                if (seq.Count < userCore) { perUser[u] = new List<Entry>(); removed = true; continue; }
                if (itemCore > 1)
                {
                    int before = seq.Count;
                    seq.RemoveAll(e => itemCount[e.Item] < itemCore);
                    removed |= seq.Count != before;
                }
            }
            if (!removed || mode == KCoreMode.SinglePass) return;
        }
    }
}
