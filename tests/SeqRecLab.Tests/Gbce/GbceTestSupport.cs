using SeqRecLab.Models;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Gbce;

/// <summary>A fixed "model" for loss tests: the output embeddings are given; hidden states are passed directly.</summary>
sealed class FixedEncoder(Tensor embeddings) : ISequenceEncoder
{
    public int NumItems => (int)embeddings.shape[0] - 1;
    public int MaxLength => 8;
    public Device Device => CPU;
    public int HiddenSize => (int)embeddings.shape[1];
    public Tensor Encode(Tensor inputs) => throw new InvalidOperationException("not used");
    public Tensor OutputEmbeddings => embeddings;
    public Tensor ScoreAll(Tensor histories) => throw new InvalidOperationException("not used");
}
