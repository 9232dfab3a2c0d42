using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// Recency-based Sampling of Sequences (RSS, thesis ch. 4, Algorithm 1). For a user's whole training sequence of n
/// items: c = max(1, ⌊n·γ⌋) positions are drawn <b>with replacement</b> with the probabilities of a
/// <see cref="RecencyImportance"/>; the items at the distinct drawn positions are the targets; the input is the
/// sequence without those positions (order kept), then cut to its last <c>maxLength</c> items and left-padded.
/// Targets are drawn from the full, untruncated history (pitfall 2), fresh at every call (pitfall 5).
/// </summary>
/// <remarks>
/// <para>Batch layout: <see cref="TrainingBatch.Inputs"/> [B, maxLength]; <see cref="TrainingBatch.Targets"/>
/// [B, C] with C = max(1, ⌊n_max·γ⌋) for the longest training sequence: the target items of each row (distinct
/// positions, the most recent first), then zeros. An item at two drawn positions appears twice; the last-position
/// losses (<see cref="Losses.LastPositionBceLoss"/>, <see cref="Losses.LambdaRankLoss"/>) turn the row into a
/// multi-hot set, so it counts once (pitfall 4: positions are removed, not every occurrence of the item).</para>
/// <para>Users are taken in epochs of random permutations (<see cref="ShuffledOrder"/>): one sample per user per
/// pass, as in the authors' code. Everything per batch runs on the device with torch's generator
/// (<c>multinomial</c> over a [B, n_max] probability matrix): no host copy, no <c>.item()</c>.</para>
/// <para>Sequences with fewer than 2 items are left out: with n = 1 the only item would be the target and the input
/// would be empty. With n ≥ 2 and γ &lt; 1, c = max(1, ⌊n·γ⌋) &lt; n, so at least one item stays in the input.</para>
/// </remarks>
public sealed class RecencySampler : ITrainingSampler
{
    readonly Tensor flat, offsets, lengths;     // all items concatenated; per sequence: start, length (device, int64)
    readonly Tensor fromEnd;                    // [1, nMax]: 0 = most recent position
    readonly ShuffledOrder order;
    readonly int maxLength, nMax, maxTargets;

    /// <summary>The importance function that draws targets.</summary>
    public RecencyImportance Importance { get; }

    /// <summary>γ, the maximum fraction of a sequence drawn as targets.</summary>
    public double Gamma { get; }

    /// <inheritdoc />
    public int NumSequences { get; }

    /// <summary>Width C of <see cref="TrainingBatch.Targets"/>: max(1, ⌊n_max·γ⌋).</summary>
    public int MaxTargets => maxTargets;

    /// <summary>Builds the sampler on <paramref name="device"/>.</summary>
    /// <param name="trainingSequences">Per user, the chronological training items (ids ≥ 1); sequences with &lt; 2 items are left out.</param>
    /// <param name="maxLength">Model input length L (thesis: 50).</param>
    /// <param name="importance">Recency importance (thesis default: <c>RecencyImportance.Exponential(0.8)</c>).</param>
    /// <param name="gamma">Maximum fraction of targets, in (0, 1) (thesis: 0.2, following BERT4Rec).</param>
    /// <param name="device">Where batches are built (the model's device).</param>
    public RecencySampler(IEnumerable<int[]> trainingSequences, int maxLength, RecencyImportance importance, double gamma, Device device)
    {
        ArgumentNullException.ThrowIfNull(trainingSequences);
        ArgumentNullException.ThrowIfNull(importance);
        this.maxLength = Check.Positive(maxLength);
        if (!(gamma > 0 && gamma < 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, $"{nameof(gamma)} must be in (0, 1); got {gamma}");
        Importance = importance;
        Gamma = gamma;
        var usable = trainingSequences.Where(s => s.Length >= 2).ToList();
        if (usable.Count == 0) throw new ArgumentException("no training sequence has 2 or more items", nameof(trainingSequences));
        NumSequences = usable.Count;
        nMax = usable.Max(s => s.Length);
        maxTargets = TargetCount(nMax, gamma);

        var items = new long[usable.Sum(s => (long)s.Length)];
        var start = new long[usable.Count];
        var len = new long[usable.Count];
        long at = 0;
        for (int u = 0; u < usable.Count; u++)
        {
            start[u] = at; len[u] = usable[u].Length;
            foreach (var i in usable[u])
            {
                if (i < 1) throw new ArgumentException($"sequence {u} holds item id {i}; ids must be ≥ 1 (0 is padding)", nameof(trainingSequences));
                items[at++] = i;
            }
        }
        flat = tensor(items).to(device).DetachFromDisposeScope();
        offsets = tensor(start).to(device).DetachFromDisposeScope();
        lengths = tensor(len).to(device).DetachFromDisposeScope();
        fromEnd = arange(nMax, dtype: ScalarType.Int64, device: device).unsqueeze(0).DetachFromDisposeScope();
        order = new ShuffledOrder(NumSequences, device);
    }

    /// <summary>c = max(1, ⌊n·γ⌋), the number of draws for a sequence of <paramref name="n"/> items (Algorithm 1, line 2).</summary>
    public static int TargetCount(int n, double gamma) => Math.Max(1, (int)Math.Floor(n * gamma));

    /// <inheritdoc />
    public TrainingBatch Next(int batchSize) => Sample(order.Next(Check.Positive(batchSize)));

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer) => order.Save(writer);

    /// <inheritdoc />
    public void LoadState(BinaryReader reader) => order.Load(reader);

    /// <summary>One RSS sample for each sequence index in <paramref name="rows"/> (int64 [B] on the device).</summary>
    public TrainingBatch Sample(Tensor rows)
    {
        var n = lengths.index_select(0, rows).unsqueeze(1);                           // [B, 1]
        var k = n - 1 - fromEnd;                                                      // [B, nMax] chronological position
        var valid = k.ge(0);
        var probs = Importance.LogWeights(k.clamp_min(0), n).masked_fill(valid.logical_not(), double.NegativeInfinity).softmax(1);
        var c = (n.to(ScalarType.Float64) * Gamma).floor().clamp_min(1).to(ScalarType.Int64);   // [B, 1]
        var draws = probs.multinomial(maxTargets, replacement: true);                 // [B, C], indices from the end
        draws = draws.masked_fill(arange(maxTargets, device: draws.device).unsqueeze(0).ge(c), nMax);   // unused draws → spare column
        var isTarget = zeros(rows.shape[0], nMax + 1, dtype: ScalarType.Bool, device: draws.device)
            .scatter_(1, draws, ones_like(draws, dtype: ScalarType.Bool))[.., ..nMax];
        var items = flat.index_select(0, (offsets.index_select(0, rows).unsqueeze(1) + k.clamp_min(0)).reshape(-1))
            .view(rows.shape[0], nMax) * valid;                                       // [B, nMax], most recent first

        // targets: the drawn positions first (most recent first), then zeros; t = rank among drawn positions from the
        // end (1 = newest), the same packing as the inputs' below (no sort: one cumsum and one scatter)
        var t = isTarget.to(ScalarType.Int64).cumsum(1);
        var targetColumn = (t - 1).masked_fill(isTarget.logical_not(), maxTargets);
        var targets = zeros(rows.shape[0], maxTargets + 1, dtype: ScalarType.Int64, device: draws.device)
            .scatter_(1, targetColumn, items * isTarget)[.., ..maxTargets];

        // inputs: kept positions packed to the right; r = rank among kept positions counted from the end (1 = newest)
        var keep = valid & isTarget.logical_not();
        var r = keep.to(ScalarType.Int64).cumsum(1);
        var place = keep & r.le(maxLength);
        var column = (maxLength - r).masked_fill(place.logical_not(), maxLength);
        var inputs = zeros(rows.shape[0], maxLength + 1, dtype: ScalarType.Int64, device: draws.device)
            .scatter_(1, column, items * place)[.., ..maxLength];
        return new TrainingBatch(inputs, targets);
    }
}
