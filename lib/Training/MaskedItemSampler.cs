using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// BERT4Rec's item-masking (Cloze) objective: each user contributes the window of its last <c>maxLength</c> training
/// items (left-padded with 0); in a batch, <c>n = min(maxPredictions, max(1, round(p · length)))</c> of the window's
/// items, drawn uniformly without replacement, are replaced by the mask token and become the targets; every other
/// position has target 0. Masks are drawn afresh for every batch (the thesis's "Ours"; Sun et al. pre-generate 10
/// static copies).
/// </summary>
/// <remarks>
/// <para><b>Rules.</b> Padding is never masked. At least one item per sequence is masked, as in Sun et al.'s
/// <c>create_masked_lm_predictions</c> (<c>max(1, round(len · p))</c>). Every chosen position becomes the mask token: the
/// original code runs with <c>mask_prob = 1.0</c>, so there is no BERT-style 80/10/10 replacement. <c>round</c> rounds
/// half to even (Python 3's <c>round</c>). <c>length</c> is the user's whole training history by default (the thesis's
/// code, so long histories get <c>maxPredictions</c> masks even in a short window) or the window's length
/// (<c>countFullHistory: false</c>, Sun et al.); n never exceeds the window's length.</para>
/// <para><b>Last-item masking.</b> With <c>lastItemProbability</c> q &gt; 0, each sequence of a batch independently, with
/// probability q, gets only its last item masked instead: Sun et al. add one such instance per window to their 10
/// randomly masked copies (q = 1/11) to match the inference task. The thesis's "Ours" does not (q = 0, default).</para>
/// <para><b>Order.</b> Users are visited in a random permutation, one window each; when fewer than a batch remain, a new
/// permutation starts (the rest is dropped, like the thesis's code, which drops the last partial batch). So
/// <c>StepsPerEpoch = NumSequences / batch</c> (rounded down) is one epoch in the thesis's sense.</para>
/// <para>All windows live in one [U, L] tensor on the device; a batch costs an index_select, two sorts of [B, L] random keys
/// and element-wise ops, with randomness from torch's generator on that device and no host↔device copy.</para>
/// </remarks>
public sealed class MaskedItemSampler : ITrainingSampler, IDisposable
{
    readonly Tensor table;       // [U, L] windows on the device
    readonly Tensor masksPerRow; // [U] number of items to mask
    readonly Tensor lastColumn;  // [1, L] true at the last position
    Tensor? order;
    int cursor;

    /// <inheritdoc />
    public int NumSequences { get; }
    /// <summary>Window length L.</summary>
    public int MaxLength { get; }
    /// <summary>The id written at masked positions.</summary>
    public int MaskToken { get; }
    /// <summary>Masking probability p.</summary>
    public double MaskProbability { get; }
    /// <summary>Most masked items per sequence.</summary>
    public int MaxPredictions { get; }
    /// <summary>Probability q that a sequence gets only its last item masked.</summary>
    public double LastItemProbability { get; }
    /// <summary>The device batches are built on.</summary>
    public Device Device { get; }

    /// <summary>Builds the sampler; empty sequences are left out.</summary>
    /// <param name="trainingSequences">Per user, chronological item ids ≥ 1 (e.g. <c>LeaveOneOut.TrainSequences</c>).</param>
    /// <param name="maxLength">Window length L (the model's <c>MaxLength</c>), ≥ 1.</param>
    /// <param name="maskToken">The mask token id (BERT4Rec: NumItems + 1); must not occur in the sequences.</param>
    /// <param name="device">Where batches are built (the model's device).</param>
    /// <param name="maskProbability">p in (0, 1]; default 0.2 (Table 3.3).</param>
    /// <param name="maxPredictions">Most masks per sequence, ≥ 1; default 20.</param>
    /// <param name="lastItemProbability">q in [0, 1]; default 0.</param>
    /// <param name="countFullHistory">true (default): n is computed from the whole history's length; false: from the window's.</param>
    public MaskedItemSampler(IEnumerable<int[]> trainingSequences, int maxLength, int maskToken, Device device,
        double maskProbability = 0.2, int maxPredictions = 20, double lastItemProbability = 0.0, bool countFullHistory = true)
    {
        ArgumentNullException.ThrowIfNull(trainingSequences);
        MaxLength = Check.Positive(maxLength);
        MaskToken = Check.Positive(maskToken);
        Check.InRange(maskProbability, 0.0, 1.0);
        if (maskProbability <= 0)
            throw new ArgumentOutOfRangeException(nameof(maskProbability), maskProbability, $"maskProbability must be in (0, 1]; got {maskProbability}");
        MaskProbability = maskProbability;
        MaxPredictions = Check.Positive(maxPredictions);
        LastItemProbability = Check.InRange(lastItemProbability, 0.0, 1.0);
        Device = device;

        var usable = trainingSequences.Where(s => s.Length > 0).ToList();
        if (usable.Count == 0) throw new ArgumentException("every training sequence is empty", nameof(trainingSequences));
        NumSequences = usable.Count;
        var flat = new long[usable.Count * maxLength];
        var counts = new long[usable.Count];
        for (int u = 0; u < usable.Count; u++)
        {
            var s = usable[u];
            int n = Math.Min(s.Length, maxLength);
            for (int i = 0; i < n; i++)
            {
                int item = s[s.Length - n + i];
                if (item < 1 || item == maskToken)
                    throw new ArgumentException($"sequence {u} holds id {item}: items must be ≥ 1 and differ from {nameof(maskToken)} ({maskToken})", nameof(trainingSequences));
                flat[u * maxLength + maxLength - n + i] = item;
            }
            counts[u] = MasksFor(countFullHistory ? s.Length : n, n, maskProbability, maxPredictions);
        }
        table = tensor(flat, new long[] { usable.Count, maxLength }).to(device).DetachFromDisposeScope();
        masksPerRow = tensor(counts).to(device).DetachFromDisposeScope();
        var last = new bool[maxLength];
        last[^1] = true;
        lastColumn = tensor(last, new long[] { 1, maxLength }).to(device).DetachFromDisposeScope();
    }

    /// <summary>
    /// The number of items masked in a window of <paramref name="windowLength"/> items whose count basis (whole history
    /// or window) is <paramref name="length"/>: <c>min(maxPredictions, max(1, round(p · length)), windowLength)</c>.
    /// </summary>
    public static int MasksFor(int length, int windowLength, double maskProbability, int maxPredictions) =>
        Math.Min(windowLength, Math.Min(maxPredictions, Math.Max(1, (int)Math.Round(length * maskProbability, MidpointRounding.ToEven))));

    /// <summary>The next batch: inputs with masked positions set to <see cref="MaskToken"/>, targets = the original items there, 0 elsewhere.</summary>
    /// <param name="batchSize">Sequences per batch, in 1..<see cref="NumSequences"/>.</param>
    public TrainingBatch Next(int batchSize)
    {
        Check.InRange(batchSize, 1, NumSequences);
        if (order is null || cursor + batchSize > NumSequences)
        {
            order?.Dispose();
            order = randperm(NumSequences, dtype: ScalarType.Int64, device: Device).DetachFromDisposeScope();
            cursor = 0;
        }
        var rows = order[cursor..(cursor + batchSize)];
        cursor += batchSize;
        var windows = table.index_select(0, rows);                                       // [B, L]
        var n = masksPerRow.index_select(0, rows).unsqueeze(1);                           // [B, 1]
        var keys = rand(new long[] { batchSize, MaxLength }, device: Device).masked_fill(windows.eq(0), 2.0); // padding sorts last
        var masked = keys.argsort(1).argsort(1).lt(n);                                    // the n items with the smallest keys
        if (LastItemProbability > 0)
        {
            var lastOnly = rand(new long[] { batchSize, 1 }, device: Device).lt(LastItemProbability);
            masked = where(lastOnly, lastColumn, masked);
        }
        return new TrainingBatch(windows.masked_fill(masked, MaskToken), windows * masked);
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(order is not null);
        if (order is null) return;
        writer.Write(cursor);
        TorchSharp.TensorExtensionMethods.Save(order, writer);
    }

    /// <inheritdoc />
    public void LoadState(BinaryReader reader)
    {
        order?.Dispose();
        order = null;
        cursor = 0;
        if (!reader.ReadBoolean()) return;
        int at = reader.ReadInt32();
        if (at < 0 || at > NumSequences) throw new InvalidDataException($"saved cursor {at} is outside 0..{NumSequences}");
        order = empty(NumSequences, dtype: ScalarType.Int64, device: Device).DetachFromDisposeScope();
        TorchSharp.TensorExtensionMethods.Load(order, reader, false);
        cursor = at;
    }

    /// <summary>Frees the device tables.</summary>
    public void Dispose()
    {
        table.Dispose();
        masksPerRow.Dispose();
        lastColumn.Dispose();
        order?.Dispose();
    }
}
