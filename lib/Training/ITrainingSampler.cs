namespace SeqRecLab.Training;

/// <summary>
/// Builds training batches from the training sequences: sequence shifting (SASRec), item masking (BERT4Rec),
/// recency sampling (RSS) and others implement this, and the training loop only calls <see cref="Next"/>.
/// </summary>
public interface ITrainingSampler
{
    /// <summary>Number of sequences (users) the sampler draws from.</summary>
    int NumSequences { get; }

    /// <summary>Samples in one pass over the training data, which sets the trainer's default epoch
    /// (⌈SamplesPerPass / batch⌉ steps): one per sequence unless a sampler draws something else, e.g. one per
    /// interaction for <see cref="UserItemSampler"/>.</summary>
    int SamplesPerPass => NumSequences;

    /// <summary>The next batch of <paramref name="batchSize"/> sequences, built on the sampler's device.</summary>
    /// <remarks>Randomness comes from torch's generator (seeded by <see cref="Seed.Everything"/>), so runs repeat on CPU.</remarks>
    TrainingBatch Next(int batchSize);

    /// <summary>Writes the sampler's own position, if it keeps one (e.g. where it is in a pass over the users), so a
    /// checkpoint can resume it; a sampler that draws everything afresh from torch's generator writes nothing.</summary>
    void SaveState(BinaryWriter writer) { }

    /// <summary>Reads back what <see cref="SaveState"/> wrote.</summary>
    void LoadState(BinaryReader reader) { }
}
