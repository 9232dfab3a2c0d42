using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// Sequence Continuation (thesis Eq. 4.1), the baseline RSS is compared with: for a user's training sequence of n
/// items, the input is the first n−k items (cut to the last <c>maxLength</c>, left-padded) and the targets are the
/// last k items (k = 1: next-item prediction, as in the thesis' "Cont" models). The sample is the same every time a
/// user comes up; users are taken in epochs of random permutations (<see cref="ShuffledOrder"/>), like
/// <see cref="RecencySampler"/>. All sequences are laid out once as a [U, maxLength + k] tensor on the device.
/// </summary>
/// <remarks><see cref="TrainingBatch.Targets"/> is [B, k] (the suffix in order); pair it with a last-position loss
/// (<see cref="Losses.LastPositionBceLoss"/>, <see cref="Losses.LambdaRankLoss"/>), which treats the row as a set.
/// Sequences with ≤ k items have no input and are left out.</remarks>
public sealed class ContinuationSampler : ITrainingSampler
{
    readonly Tensor table;   // [U, maxLength + k]
    readonly ShuffledOrder order;
    readonly int maxLength;

    /// <summary>Number of suffix items that are targets.</summary>
    public int SuffixLength { get; }

    /// <inheritdoc />
    public int NumSequences { get; }

    /// <summary>Builds the sampler on <paramref name="device"/>.</summary>
    /// <param name="trainingSequences">Per user, the chronological training items (ids ≥ 1).</param>
    /// <param name="maxLength">Model input length L.</param>
    /// <param name="device">Where batches are built.</param>
    /// <param name="suffixLength">k ≥ 1, the number of final items that are targets (default 1).</param>
    public ContinuationSampler(IEnumerable<int[]> trainingSequences, int maxLength, Device device, int suffixLength = 1)
    {
        ArgumentNullException.ThrowIfNull(trainingSequences);
        this.maxLength = Check.Positive(maxLength);
        SuffixLength = Check.Positive(suffixLength);
        var usable = trainingSequences.Where(s => s.Length > suffixLength).ToList();
        if (usable.Count == 0) throw new ArgumentException($"no training sequence has more than {suffixLength} items", nameof(trainingSequences));
        NumSequences = usable.Count;
        int width = maxLength + suffixLength;
        var cells = new long[usable.Count * width];
        for (int u = 0; u < usable.Count; u++)
        {
            var s = usable[u];
            int take = Math.Min(s.Length, width);
            for (int i = 0; i < take; i++)
            {
                int item = s[s.Length - take + i];
                if (item < 1) throw new ArgumentException($"sequence {u} holds item id {item}; ids must be ≥ 1 (0 is padding)", nameof(trainingSequences));
                cells[u * width + width - take + i] = item;
            }
        }
        table = tensor(cells, new long[] { usable.Count, width }).to(device).DetachFromDisposeScope();
        order = new ShuffledOrder(NumSequences, device);
    }

    /// <inheritdoc />
    public TrainingBatch Next(int batchSize)
    {
        var rows = table.index_select(0, order.Next(Check.Positive(batchSize)));
        return new TrainingBatch(rows[.., ..maxLength], rows[.., maxLength..]);
    }

    /// <inheritdoc />
    public void SaveState(BinaryWriter writer) => order.Save(writer);

    /// <inheritdoc />
    public void LoadState(BinaryReader reader) => order.Load(reader);
}
