using static TorchSharp.torch;

namespace SeqRecLab.Models;

/// <summary>
/// A model that turns item sequences into one hidden state per position and scores items by a dot product with
/// an output item-embedding table. Losses and samplers are written against this interface, so a new model
/// (BERT4Rec, GRU4Rec, Caser, …) plugs into the same training loop.
/// </summary>
public interface ISequenceEncoder : ISequentialRecommender
{
    /// <summary>Hidden size d.</summary>
    int HiddenSize { get; }

    /// <summary>Hidden states [B, L, d] for inputs [B, L] (item ids, 0 = padding), in the module's current mode.</summary>
    Tensor Encode(Tensor inputs);

    /// <summary>The output item embeddings [NumItems + 1, d] (row 0 = padding) that scores are dot products with.</summary>
    Tensor OutputEmbeddings { get; }
}
