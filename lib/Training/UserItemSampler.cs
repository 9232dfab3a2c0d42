using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// (user, item) pairs drawn uniformly with replacement from all training interactions, for matrix factorisation: the
/// batch's inputs are [B, 1] user indices and its targets [B, 1] the items (order is ignored, as MF-BPR does). The
/// interaction table lives on the device, so a batch costs one random draw and two index_selects.
/// </summary>
public sealed class UserItemSampler : ITrainingSampler
{
    readonly Tensor users, items;

    /// <summary>Samples from <paramref name="trainingSequences"/> (user u's items at index u) on <paramref name="device"/>.</summary>
    public UserItemSampler(IReadOnlyList<int[]> trainingSequences, Device device)
    {
        ArgumentNullException.ThrowIfNull(trainingSequences);
        var u = new List<long>();
        var i = new List<long>();
        for (int user = 0; user < trainingSequences.Count; user++)
            foreach (var item in trainingSequences[user]) { u.Add(user); i.Add(item); }
        if (u.Count == 0) throw new ArgumentException("no training interactions", nameof(trainingSequences));
        NumSequences = trainingSequences.Count(s => s.Length > 0);
        NumInteractions = u.Count;
        users = tensor(u.ToArray()).to(device).DetachFromDisposeScope();
        items = tensor(i.ToArray()).to(device).DetachFromDisposeScope();
    }

    /// <summary>Users with at least one training interaction.</summary>
    public int NumSequences { get; }

    /// <summary>Training interactions the pairs are drawn from.</summary>
    public int NumInteractions { get; }

    /// <summary>A pass is one draw per training interaction (LightFM's epoch), not one per user.</summary>
    public int SamplesPerPass => NumInteractions;

    /// <inheritdoc />
    public TrainingBatch Next(int batchSize)
    {
        var rows = randint(0, NumInteractions, new long[] { Check.Positive(batchSize) }, dtype: ScalarType.Int64, device: users.device);
        return new TrainingBatch(users.index_select(0, rows).unsqueeze(1), items.index_select(0, rows).unsqueeze(1));
    }
}
