using SeqRecLab.Data;
using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// SASRec's objective: for a user's training sequence, input = all but the last item and target = all but the first,
/// both cut to the most recent <c>maxLength</c> positions and left-padded. Users are drawn uniformly at random with
/// replacement, as in the SASRec code. All sequences are laid out once as a [U, L+1] tensor on the device, so a batch
/// costs one index_select and no host→device copy.
/// </summary>
public sealed class SequenceShiftingSampler : ITrainingSampler
{
    readonly Tensor table; // [U, L + 1] on device

    /// <inheritdoc />
    public int NumSequences { get; }

    /// <summary>Builds the sampler; sequences shorter than 2 items have no (input, target) pair and are left out.</summary>
    public SequenceShiftingSampler(IEnumerable<int[]> trainingSequences, int maxLength, Device device)
    {
        Check.Positive(maxLength);
        var usable = trainingSequences.Where(s => s.Length >= 2).ToList();
        if (usable.Count == 0) throw new ArgumentException("no training sequence has 2 or more items", nameof(trainingSequences));
        NumSequences = usable.Count;
        var flat = new long[usable.Count * (maxLength + 1)];
        for (int u = 0; u < usable.Count; u++)
        {
            var s = usable[u];
            int n = Math.Min(s.Length, maxLength + 1);
            int row = u * (maxLength + 1) + (maxLength + 1 - n);
            for (int i = 0; i < n; i++) flat[row + i] = s[s.Length - n + i];
        }
        table = tensor(flat, new long[] { usable.Count, maxLength + 1 }).to(device).DetachFromDisposeScope();
    }

    /// <inheritdoc />
    public TrainingBatch Next(int batchSize)
    {
        var rows = table.index_select(0, randint(0, NumSequences, new long[] { Check.Positive(batchSize) }, dtype: ScalarType.Int64, device: table.device));
        var inputs = rows[.., ..^1];
        return new TrainingBatch(inputs, rows[.., 1..] * inputs.ne(0)); // no target where the input is padding
    }
}
