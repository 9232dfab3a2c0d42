using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SeqRecLab.Models;

/// <summary>
/// Matrix factorisation (the MF-BPR baseline of thesis ch. 4, there LightFM with 128 components): a user's score for
/// item i is uᵤ · vᵢ + bᵢ. It ignores the order of interactions. For the shared training loop it is a "sequence
/// encoder" of length 1 whose input is the user index (see <see cref="Training.UserItemSampler"/>): Encode([B, 1] user
/// indices) gives [B, 1, d] user factors, scored against the item factors (<see cref="OutputEmbeddings"/>) plus the
/// item bias (<see cref="OutputBias"/>). The evaluator scores it by user (<see cref="IUserScorer"/>).
/// </summary>
public sealed class MatrixFactorization : Module<Tensor, Tensor>, ISequenceEncoder, IOutputBias, IUserScorer
{
    readonly Embedding users, items;
    readonly Parameter bias;

    /// <summary>Creates MF for users 0..<paramref name="numUsers"/>−1 and items 1..<paramref name="numItems"/> with
    /// <paramref name="factors"/> latent dimensions on <paramref name="device"/> (default: CPU). Factors start from
    /// N(0, 0.01²), the item bias at 0.</summary>
    public MatrixFactorization(int numUsers, int numItems, int factors = 128, Device? device = null) : base(nameof(MatrixFactorization))
    {
        NumUsers = Check.Positive(numUsers);
        NumItems = Check.Positive(numItems);
        HiddenSize = Check.Positive(factors);
        users = Embedding(numUsers, factors);
        items = Embedding(numItems + 1, factors, padding_idx: 0);
        bias = Parameter(zeros(numItems + 1));
        RegisterComponents();
        using (no_grad())
        {
            init.normal_(users.weight!, 0, 0.01);
            init.normal_(items.weight!, 0, 0.01);
            items.weight![0].zero_();
        }
        if (device is not null) this.to(device);
    }

    /// <summary>Number of users (rows of the user factor table).</summary>
    public int NumUsers { get; }
    /// <inheritdoc />
    public int NumItems { get; }
    /// <summary>1: the model reads no history.</summary>
    public int MaxLength => 1;
    /// <inheritdoc />
    public int HiddenSize { get; }
    /// <inheritdoc />
    public Device Device => items.weight!.device;
    /// <inheritdoc />
    public Tensor OutputEmbeddings => items.weight!;
    /// <inheritdoc />
    public Tensor OutputBias => bias;

    /// <summary>User factors [B, 1, d] for <paramref name="inputs"/> [B, 1] of user indices.</summary>
    public Tensor Encode(Tensor inputs) => users.forward(inputs);

    /// <summary>Same as <see cref="Encode"/>.</summary>
    public override Tensor forward(Tensor inputs) => Encode(inputs);

    /// <inheritdoc />
    public Tensor ScoreUsers(Tensor users) => this.users.forward(users).matmul(items.weight!.t()) + bias;

    /// <summary>Not available: MF scores users by index (<see cref="ScoreUsers"/>), not from their histories.</summary>
    public Tensor ScoreAll(Tensor histories) =>
        throw new NotSupportedException("MatrixFactorization scores users by index (ScoreUsers); the evaluator calls it with EvalCase.User");
}
