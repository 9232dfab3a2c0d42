namespace SeqRecLab.Training;

/// <summary>
/// Builds training batches from the training sequences: sequence shifting (SASRec), item masking (BERT4Rec),
/// recency sampling (RSS) and others implement this, and the training loop only calls <see cref="Next"/>.
/// </summary>
public interface ITrainingSampler
{
    /// <summary>Number of sequences a full pass over the data holds (used for the default epoch length).</summary>
    int NumSequences { get; }

    /// <summary>The next batch of <paramref name="batchSize"/> sequences, built on the sampler's device.</summary>
    /// <remarks>Randomness comes from torch's generator (seeded by <see cref="Seed.Everything"/>), so runs repeat on CPU.</remarks>
    TrainingBatch Next(int batchSize);
}
