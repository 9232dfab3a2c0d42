namespace SeqRecLab.Evaluation;

/// <summary>How sampled-metric negatives are drawn.</summary>
public enum NegativeDistribution
{
    /// <summary>Every allowed item equally likely.</summary>
    Uniform,
    /// <summary>Probability proportional to the item's count (e.g. training-set interactions); items with count 0 are never drawn.</summary>
    Popularity,
}

/// <summary>
/// Draws the negatives for the sampled protocol: for each case, <c>count</c> distinct items, never the target and
/// (by default) never an item in the case's history. Draw them once and reuse the same lists for every model.
/// </summary>
/// <remarks>
/// Popularity sampling draws without replacement in the sequential sense (like <c>numpy.random.choice(p=...,
/// replace=False)</c>): each next negative is drawn with probability proportional to its count among the items
/// still allowed. It is done by rejection from the full distribution, switching to an exact draw from the explicit
/// list of allowed items when rejection is slow (most of the mass excluded); both give the same distribution.
/// </remarks>
public static class NegativeSampler
{
    /// <summary>
    /// Counts how often each item occurs in <paramref name="sequences"/>: index = item id, length
    /// <paramref name="numItems"/> + 1, index 0 (padding) stays 0. Use the training sequences for popularity sampling.
    /// </summary>
    public static long[] ItemCounts(IEnumerable<int[]> sequences, int numItems)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        Check.Positive(numItems);
        var counts = new long[numItems + 1];
        foreach (var s in sequences)
            foreach (var i in s)
            {
                if (i < 1 || i > numItems)
                    throw new ArgumentException($"item id {i} is outside 1..{numItems} ({nameof(numItems)})", nameof(sequences));
                counts[i]++;
            }
        return counts;
    }

    /// <summary>
    /// Draws <paramref name="count"/> negatives for each case (aligned with <paramref name="cases"/>).
    /// </summary>
    /// <param name="cases">Evaluation cases; targets and history items must be in 1..<paramref name="numItems"/>.</param>
    /// <param name="numItems">Catalogue size.</param>
    /// <param name="count">Negatives per case, ≥ 1 (the studies use 100).</param>
    /// <param name="distribution">Uniform or popularity.</param>
    /// <param name="random">The seeded generator; same seed → same negatives.</param>
    /// <param name="itemCounts">Required for <see cref="NegativeDistribution.Popularity"/>: non-negative counts by item id,
    /// length <paramref name="numItems"/> + 1 (index 0 ignored), e.g. from <see cref="ItemCounts"/> on training sequences.</param>
    /// <param name="excludeHistory">true (default): items in the case's history are never drawn.</param>
    /// <exception cref="ArgumentOutOfRangeException">A case has fewer than <paramref name="count"/> items that may be drawn.</exception>
    public static int[][] Sample(IReadOnlyList<EvalCase> cases, int numItems, int count, NegativeDistribution distribution,
        Random random, long[]? itemCounts = null, bool excludeHistory = true)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(random);
        Check.Positive(numItems);
        Check.Positive(count);
        double[]? cumulative = null;
        if (distribution == NegativeDistribution.Popularity)
        {
            if (itemCounts is null)
                throw new ArgumentNullException(nameof(itemCounts), $"{nameof(itemCounts)} is required for popularity sampling");
            if (itemCounts.Length != numItems + 1)
                throw new ArgumentOutOfRangeException(nameof(itemCounts), itemCounts.Length,
                    $"{nameof(itemCounts)} must have length {nameof(numItems)} + 1 = {numItems + 1}; got {itemCounts.Length}");
            cumulative = new double[numItems + 1];
            double total = 0;
            for (int i = 1; i <= numItems; i++)
            {
                if (itemCounts[i] < 0)
                    throw new ArgumentOutOfRangeException(nameof(itemCounts), itemCounts[i], $"{nameof(itemCounts)}[{i}] must be ≥ 0; got {itemCounts[i]}");
                total += itemCounts[i];
                cumulative[i] = total;
            }
        }

        int drawable = numItems; // items with positive probability before exclusions
        if (cumulative is not null)
            for (int i = 1; i <= numItems; i++)
                if (Weight(cumulative, i) <= 0) drawable--;
        var result = new int[cases.Count][];
        var excluded = new HashSet<int>();
        for (int c = 0; c < cases.Count; c++)
        {
            var cs = cases[c];
            ValidateCase(cs, numItems, c);
            excluded.Clear();
            excluded.Add(cs.Target);
            if (excludeHistory) excluded.UnionWith(cs.History);
            int allowed = drawable;
            foreach (var i in excluded)
                if (cumulative is null || Weight(cumulative, i) > 0) allowed--;
            if (allowed < count)
                throw new ArgumentOutOfRangeException(nameof(count), count,
                    $"{nameof(count)} must be ≤ the {allowed} items that may be drawn for case {c} (user {cs.User})");
            result[c] = Draw(excluded, numItems, count, random, cumulative);
        }
        return result;
    }

    static void ValidateCase(EvalCase cs, int numItems, int index)
    {
        if (cs.Target < 1 || cs.Target > numItems)
            throw new ArgumentException($"case {index}: target {cs.Target} is outside 1..{numItems}", "cases");
        foreach (var i in cs.History)
            if (i < 1 || i > numItems)
                throw new ArgumentException($"case {index}: history item {i} is outside 1..{numItems}", "cases");
    }

    static double Weight(double[] cumulative, int item) => cumulative[item] - cumulative[item - 1];

    /// <summary>Draws one item by the distribution (uniform on 1..numItems when cumulative is null).</summary>
    static int DrawOne(int numItems, Random random, double[]? cumulative)
    {
        if (cumulative is null) return random.Next(1, numItems + 1);
        double u = random.NextDouble() * cumulative[numItems];
        // first item whose cumulative count exceeds u (so zero-weight items are never returned)
        int lo = 1, hi = numItems;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    static int[] Draw(HashSet<int> excluded, int numItems, int count, Random random, double[]? cumulative)
    {
        var chosen = new int[count];
        int filled = 0, attempts = 0, maxAttempts = 20 * count + 100;
        while (filled < count && attempts < maxAttempts)
        {
            attempts++;
            int item = DrawOne(numItems, random, cumulative);
            if (excluded.Add(item)) chosen[filled++] = item;
        }
        if (filled == count) return chosen;

        // Slow rejection: draw the rest exactly from the explicit list of still-allowed items.
        var pool = new List<int>();
        var weights = new List<double>();
        for (int i = 1; i <= numItems; i++)
        {
            if (excluded.Contains(i)) continue;
            double w = cumulative is null ? 1.0 : Weight(cumulative, i);
            if (w <= 0) continue;
            pool.Add(i);
            weights.Add(w);
        }
        double remaining = weights.Sum();
        while (filled < count)
        {
            double u = random.NextDouble() * remaining;
            int k = 0;
            double acc = weights[0];
            while (acc <= u && k < pool.Count - 1) acc += weights[++k];
            chosen[filled++] = pool[k];
            remaining -= weights[k];
            pool.RemoveAt(k);
            weights.RemoveAt(k);
        }
        return chosen;
    }
}
