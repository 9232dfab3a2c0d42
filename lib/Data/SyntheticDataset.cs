namespace SeqRecLab.Data;

/// <summary>Settings of <see cref="SyntheticDataset.Generate"/>. The defaults give about 2,000 users × 40 = 80,000
/// interactions over 1,000 items: small enough for a SASRec (d = 64, 2 blocks, length 50) to train in about a minute on 2 CPU cores.</summary>
/// <param name="NumUsers">Number of users (≥ 1).</param>
/// <param name="NumItems">Number of items (≥ 2 × <paramref name="NumTopics"/> and &gt; <paramref name="SuccessorsPerItem"/>).</param>
/// <param name="MeanLength">Target mean sequence length before clipping to [<paramref name="MinLength"/>, <paramref name="MaxLength"/>].</param>
/// <param name="MinLength">Shortest sequence (≥ 2).</param>
/// <param name="MaxLength">Longest sequence (≥ <paramref name="MinLength"/>).</param>
/// <param name="NumTopics">Number of item clusters (topics).</param>
/// <param name="SuccessorsPerItem">Likely successors per item (the sparse transition structure).</param>
/// <param name="FollowProbability">Chance that the next item is one of the previous item's successors (else drawn from the current topic by popularity).</param>
/// <param name="DriftProbability">Chance per step that the user's topic moves to a neighbouring topic (interest drift).</param>
/// <param name="ZipfExponent">Item popularity ∝ 1 / rank^exponent (long tail); 0 = uniform.</param>
public sealed record SyntheticOptions(
    int NumUsers = 2000,
    int NumItems = 1000,
    double MeanLength = 40,
    int MinLength = 5,
    int MaxLength = 200,
    int NumTopics = 20,
    int SuccessorsPerItem = 3,
    double FollowProbability = 0.5,
    double DriftProbability = 0.05,
    double ZipfExponent = 1.0)
{
    /// <summary>Throws if a setting is out of range.</summary>
    public SyntheticOptions Validate()
    {
        Check.Positive(NumUsers, nameof(NumUsers));
        Check.InRange(MinLength, 2, 1_000_000, nameof(MinLength));
        Check.InRange(MaxLength, MinLength, 1_000_000, nameof(MaxLength));
        Check.InRange(MeanLength, MinLength, MaxLength, nameof(MeanLength));
        Check.Positive(NumTopics, nameof(NumTopics));
        Check.InRange(NumItems, Math.Max(2 * NumTopics, SuccessorsPerItem + 1), 100_000_000, nameof(NumItems));
        Check.Positive(SuccessorsPerItem, nameof(SuccessorsPerItem));
        Check.InRange(FollowProbability, 0, 1, nameof(FollowProbability));
        Check.InRange(DriftProbability, 0, 1, nameof(DriftProbability));
        Check.InRange(ZipfExponent, 0, 10, nameof(ZipfExponent));
        return this;
    }
}

/// <summary>
/// A deterministic synthetic sequential dataset: the explicit offline dataset of the notebooks (chosen by a parameter,
/// never a silent fallback for missing real data). Its numbers are not comparable with any paper.
/// Generative process, all from one <see cref="Random"/> seeded with the seed:
/// items get a Zipf popularity (weight 1/rank^s over a random permutation) and a uniformly drawn topic;
/// each item gets <see cref="SyntheticOptions.SuccessorsPerItem"/> distinct likely successors (80% from its own topic,
/// 20% from the whole catalogue, each by popularity) with weights ∝ 1/(k+1) for the k-th successor;
/// each user gets a length 1 + geometric, clipped to [MinLength, MaxLength], a start topic drawn by topic popularity,
/// and a first item drawn from that topic; every next step first moves the topic to a neighbour (t ± 1 mod topics) with
/// probability <see cref="SyntheticOptions.DriftProbability"/>, then with probability
/// <see cref="SyntheticOptions.FollowProbability"/> takes a successor of the previous item, else draws from the current
/// topic by popularity (an immediate repeat is redrawn once). Items are 1..NumItems; users are in generation order.
/// </summary>
public static class SyntheticDataset
{
    /// <summary>Generates the dataset for <paramref name="seed"/>; same seed and options → identical sequences.</summary>
    public static SequenceDataset Generate(int seed, SyntheticOptions? options = null, string name = "synthetic")
    {
        var o = (options ?? new SyntheticOptions()).Validate();
        var rng = new Random(seed);
        int n = o.NumItems, k = o.NumTopics;

        // popularity: item perm[r] has rank r
        var perm = Enumerable.Range(1, n).ToArray();
        rng.Shuffle(perm);
        var weight = new double[n + 1];
        for (int r = 0; r < n; r++) weight[perm[r]] = 1.0 / Math.Pow(r + 1, o.ZipfExponent);

        var topicOf = new int[n + 1];
        var topicItems = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        for (int i = 1; i <= n; i++) { topicOf[i] = rng.Next(k); topicItems[topicOf[i]].Add(i); }
        // every topic needs an item: move the least popular item of the largest topic into an empty one
        for (int t = 0; t < k; t++)
            if (topicItems[t].Count == 0)
            {
                var big = topicItems.OrderByDescending(l => l.Count).First();
                var moved = big.OrderBy(i => weight[i]).First();
                big.Remove(moved); topicItems[t].Add(moved); topicOf[moved] = t;
            }
        var topicSampler = topicItems.Select(l => new Sampler(l.ToArray(), l.Select(i => weight[i]).ToArray())).ToArray();
        var globalSampler = new Sampler(Enumerable.Range(1, n).ToArray(), weight[1..]);
        var topicPick = new Sampler(Enumerable.Range(0, k).ToArray(), topicItems.Select(l => l.Sum(i => weight[i])).ToArray());

        // sparse transitions
        int s = o.SuccessorsPerItem;
        var successors = new int[n + 1][];
        var succSampler = new Sampler(Enumerable.Range(0, s).ToArray(), Enumerable.Range(0, s).Select(j => 1.0 / (j + 1)).ToArray());
        for (int i = 1; i <= n; i++)
        {
            var chosen = new List<int>(s);
            int guard = 0;
            while (chosen.Count < s)
            {
                var local = topicItems[topicOf[i]].Count > s + 1 && rng.NextDouble() < 0.8;
                int c = local ? topicSampler[topicOf[i]].Draw(rng) : globalSampler.Draw(rng);
                if (++guard > 10_000) c = rng.Next(1, n + 1); // pathological weights: fall back to uniform draws
                if (c != i && !chosen.Contains(c)) chosen.Add(c);
            }
            successors[i] = chosen.ToArray();
        }

        // users
        double p = 1.0 / (o.MeanLength - o.MinLength + 1);
        var sequences = new List<int[]>(o.NumUsers);
        for (int u = 0; u < o.NumUsers; u++)
        {
            int extra = p >= 1 ? 0 : (int)Math.Min(o.MaxLength, Math.Floor(Math.Log(1 - rng.NextDouble()) / Math.Log(1 - p)));
            int len = Math.Clamp(o.MinLength + extra, o.MinLength, o.MaxLength);
            var seq = new int[len];
            int topic = topicPick.Draw(rng);
            seq[0] = topicSampler[topic].Draw(rng);
            for (int j = 1; j < len; j++)
            {
                if (rng.NextDouble() < o.DriftProbability) topic = ((topic + (rng.Next(2) == 0 ? -1 : 1)) % k + k) % k;
                int prev = seq[j - 1];
                int next = rng.NextDouble() < o.FollowProbability
                    ? successors[prev][succSampler.Draw(rng)]
                    : topicSampler[topic].Draw(rng);
                if (next == prev) next = topicSampler[topic].Draw(rng);
                seq[j] = next;
            }
            sequences.Add(seq);
        }
        return new SequenceDataset(name, n, sequences).Validate();
    }

    /// <summary>Draws values with probability proportional to weights (cumulative sums + binary search).</summary>
    private sealed class Sampler
    {
        private readonly int[] _values;
        private readonly double[] _cumulative;

        public Sampler(int[] values, double[] weights)
        {
            _values = values;
            _cumulative = new double[weights.Length];
            double acc = 0;
            for (int i = 0; i < weights.Length; i++) { acc += weights[i]; _cumulative[i] = acc; }
        }

        public int Draw(Random rng)
        {
            double x = rng.NextDouble() * _cumulative[^1];
            int i = Array.BinarySearch(_cumulative, x);
            if (i < 0) i = ~i;
            return _values[Math.Min(i, _values.Length - 1)];
        }
    }
}
