using SeqRecLab.Models;
using static TorchSharp.torch;

namespace SeqRecLab.Training.Losses;

/// <summary>
/// Item scores from hidden states, the one place losses compute them: <c>h · OutputEmbeddings[i]</c>, plus
/// <c>OutputBias[i]</c> when the model has an output bias (<see cref="IOutputBias"/>, e.g. BERT4Rec), so every loss
/// scores a model the same way its <see cref="ISequentialRecommender.ScoreAll"/> does.
/// </summary>
public static class ItemScores
{
    /// <summary>Scores of items 1..N for <paramref name="hidden"/> [.., d]: shape [.., N], item i in column i − 1.</summary>
    public static Tensor All(ISequenceEncoder model, Tensor hidden)
    {
        var scores = hidden.matmul(model.OutputEmbeddings[1..].t());
        return model is IOutputBias biased ? scores + biased.OutputBias[1..] : scores;
    }

    /// <summary>The output bias of the items <paramref name="ids"/> (any shape, same shape back), or null when the model has none.</summary>
    public static Tensor? Bias(ISequenceEncoder model, Tensor ids) =>
        model is IOutputBias biased ? biased.OutputBias.index_select(0, ids.reshape(-1)).view(ids.shape) : null;
}
