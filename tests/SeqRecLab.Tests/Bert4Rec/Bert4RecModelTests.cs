using SeqRecLab.Backend;
using SeqRecLab.Models;
using static TorchSharp.torch;
using Bert4RecModel = SeqRecLab.Models.Bert4Rec;

namespace SeqRecLab.Tests.Bert4Rec;

public class Bert4RecModelTests
{
    static readonly Bert4RecConfig Tiny = new(MaxLength: 6, HiddenSize: 8, Blocks: 2, Heads: 2, IntermediateSize: 16);

    public Bert4RecModelTests() => TorchBackend.Initialize("cpu");

    static Bert4RecModel Model(Bert4RecConfig? config = null, int seed = 1)
    {
        manual_seed(seed);
        var m = new Bert4RecModel(20, config ?? Tiny);
        m.eval();
        return m;
    }

    static Tensor Ids(long[,] rows) => tensor(rows);

    [Fact]
    public void Table_3_3_defaults()
    {
        var ours = Bert4RecConfig.Ours;
        Assert.Equal((50, 64, 2, 2, 0.2, 20), (ours.MaxLength, ours.HiddenSize, ours.Blocks, ours.Heads, ours.MaskProbability, ours.MaxPredictions));
        Assert.Equal(100, Bert4RecConfig.OursLongerSeq.MaxLength);
        Assert.Equal((200, 256), (Bert4RecConfig.Original.MaxLength, Bert4RecConfig.Original.IntermediateSize));
        Assert.Equal("Heads", Assert.Throws<ArgumentOutOfRangeException>(() => new Bert4RecConfig(HiddenSize: 10, Heads: 3).Validate()).ParamName);
        Assert.Equal("MaskProbability", Assert.Throws<ArgumentOutOfRangeException>(() => new Bert4RecConfig(MaskProbability: 0).Validate()).ParamName);
        Assert.Equal("MaxLength", Assert.Throws<ArgumentOutOfRangeException>(() => new Bert4RecConfig(MaxLength: 1).Validate()).ParamName);
    }

    [Fact]
    public void Parameter_count_is_BERTs()
    {
        using var m = Model();
        // N = 20, L = 6, d = 8, I = 16, 2 blocks:
        // item embeddings (N + 2)·d = 176, positions L·d = 48, embedding LayerNorm 2d = 16,
        // per block: Q, K, V, output 4·(d² + d) = 288, two LayerNorms 32, d→I 8·16 + 16 = 144, I→d 16·8 + 8 = 136 → 600, ×2 = 1200,
        // output transform d² + d + 2d = 88, output bias N + 1 = 21: total 1549
        Assert.Equal(1549, m.parameters().Sum(p => p.numel()));
        Assert.Equal(20 + 1, m.MaskToken);
        Assert.Equal(new long[] { 21, 8 }, m.OutputEmbeddings.shape);
        Assert.Equal(new long[] { 21 }, m.OutputBias.shape);
    }

    [Fact]
    public void ScoreAll_has_a_column_per_item_and_padding_can_never_win()
    {
        using var m = Model();
        using var _ = no_grad();
        var scores = m.ScoreAll(Ids(new long[,] { { 0, 0, 0, 3, 4, 5 }, { 1, 2, 3, 4, 5, 6 }, { 0, 0, 0, 0, 0, 7 } }));
        Assert.Equal(new long[] { 3, 21 }, scores.shape);
        Assert.True(scores[.., 0].isneginf().all().item<bool>());
        Assert.True(scores[.., 1..].isfinite().all().item<bool>());
    }

    [Fact]
    public void ScoreAll_drops_the_oldest_item_and_puts_the_mask_token_last()
    {
        using var m = Model(Tiny with { InitializerRange = 0.5 });   // large weights: visible score changes
        using var _ = no_grad();
        var history = Ids(new long[,] { { 1, 2, 3, 4, 5, 6 }, { 0, 0, 9, 8, 7, 6 } });
        var scores = m.ScoreAll(history);
        var manual = m.Logits(m.Encode(Ids(new long[,] { { 2, 3, 4, 5, 6, 21 }, { 0, 9, 8, 7, 6, 21 } }))[.., -1, ..]);
        Assert.True(scores.allclose(manual, rtol: 0, atol: 1e-6));
        // the oldest slot is dropped, so it cannot change the scores; the newest can
        Assert.True(scores.allclose(m.ScoreAll(Ids(new long[,] { { 17, 2, 3, 4, 5, 6 }, { 0, 0, 9, 8, 7, 6 } })), rtol: 0, atol: 1e-6));
        var changed = m.ScoreAll(Ids(new long[,] { { 1, 2, 3, 4, 5, 17 }, { 0, 0, 9, 8, 7, 17 } }));
        Assert.True((changed - scores)[.., 1..].abs().max().item<float>() > 1e-2);
    }

    [Fact]
    public void Attention_is_bidirectional()
    {
        using var m = Model();
        using var _ = no_grad();
        var a = m.Encode(Ids(new long[,] { { 1, 2, 3, 4, 5, 6 } }));
        var b = m.Encode(Ids(new long[,] { { 1, 2, 3, 4, 5, 7 } }));
        // the first position sees the last one (a causal model would give identical states here)
        Assert.False(a[0, 0].allclose(b[0, 0], rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Padding_keys_are_ignored_unless_turned_off()
    {
        var padded = Ids(new long[,] { { 0, 0, 0, 3, 4, 21 } });
        var bare = Ids(new long[,] { { 3, 4, 21 } });        // the same items at the same (last) positions, no padding
        using (var m = Model())
        using (no_grad())
            Assert.True(m.Encode(padded)[.., 3..].allclose(m.Encode(bare), rtol: 0, atol: 1e-5));
        using (var m = Model(Tiny with { MaskPaddingKeys = false }))
        using (no_grad())
            Assert.False(m.Encode(padded)[.., 3..].allclose(m.Encode(bare), rtol: 0, atol: 1e-4));
    }

    [Fact]
    public void Output_bias_is_added_to_the_scores()
    {
        using var m = Model();
        using var _ = no_grad();
        var history = Ids(new long[,] { { 0, 1, 2, 3, 4, 5 } });
        var before = m.ScoreAll(history);
        m.OutputBias[5].add_(1.0);
        var diff = m.ScoreAll(history) - before;
        Assert.Equal(1.0, diff[0, 5].item<float>(), 5);
        Assert.Equal(0.0, diff[0, 6..].abs().max().item<float>(), 6);
    }

    [Fact]
    public void Inputs_longer_than_MaxLength_are_rejected()
    {
        using var m = Model();
        Assert.Equal("inputs", Assert.Throws<ArgumentException>(() => m.Encode(zeros(1, 7, dtype: ScalarType.Int64))).ParamName);
    }
}
