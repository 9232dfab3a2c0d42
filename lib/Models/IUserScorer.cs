using static TorchSharp.torch;

namespace SeqRecLab.Models;

/// <summary>
/// A recommender that scores items for a user by the user's id rather than from the history, such as matrix
/// factorisation. The evaluator calls <see cref="ScoreUsers"/> instead of <see cref="ISequentialRecommender.ScoreAll"/>
/// for such a model, with the users of <see cref="Evaluation.EvalCase.User"/>.
/// </summary>
public interface IUserScorer
{
    /// <summary>Scores every item for each user of <paramref name="users"/> ([B] int64 user indices, on the model's
    /// device): [B, NumItems + 1], column 0 (padding) ignored; higher is better.</summary>
    Tensor ScoreUsers(Tensor users);
}
