using SeqRecLab.Backend;
using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Models;

public class SasRecTests
{
    public SasRecTests() => TorchBackend.Initialize("cpu");

    static SasRec Small(bool separate = false, bool maskKeys = true) =>
        new(20, new SasRecConfig(MaxLength: 6, HiddenSize: 8, Blocks: 2, Heads: 2, Dropout: 0.3, SeparateOutputEmbeddings: separate, MaskPaddingKeys: maskKeys));

    [Fact]
    public void Shapes_of_hidden_states_and_scores()
    {
        manual_seed(1);
        using var m = Small();
        m.eval();
        using var x = tensor(new long[] { 0, 0, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6 }, new long[] { 2, 6 });
        using var h = m.Encode(x);
        using var s = m.ScoreAll(x);
        Assert.Equal(new long[] { 2, 6, 8 }, h.shape);
        Assert.Equal(new long[] { 2, 21 }, s.shape);
        // score = last hidden state · item embedding
        using var expected = h[.., -1, ..].matmul(m.OutputEmbeddings.t());
        Assert.True(s.allclose(expected));
    }

    [Fact]
    public void Attention_is_causal_a_later_item_does_not_change_earlier_states()
    {
        manual_seed(2);
        using var m = Small();
        m.eval();
        using var a = tensor(new long[] { 0, 7, 3, 4, 5, 6 }, new long[] { 1, 6 });
        using var b = tensor(new long[] { 0, 7, 3, 4, 5, 19 }, new long[] { 1, 6 });
        using var ha = m.Encode(a);
        using var hb = m.Encode(b);
        Assert.True(ha[.., ..5, ..].allclose(hb[.., ..5, ..], atol: 1e-6));
        Assert.False(ha[.., 5, ..].allclose(hb[.., 5, ..], atol: 1e-4));
    }

    [Fact]
    public void Padding_positions_are_zero_before_the_final_norm_and_ignored_as_keys()
    {
        manual_seed(3);
        using var m = Small();
        m.eval();
        // same items, one more padding slot in front: the state at the item positions must not see padding keys,
        // so the last state depends only on the items and their (right-aligned) positions
        using var a = tensor(new long[] { 0, 0, 0, 9, 4, 5 }, new long[] { 1, 6 });
        using var withPad = m.Encode(a);
        Assert.False(withPad.isnan().any().item<bool>());
        // positions are right-aligned, so the unpadded sequence has the same positions: with padding keys masked,
        // its states equal the padded sequence's at the item positions
        using var unpadded = m.Encode(tensor(new long[] { 9, 4, 5 }, new long[] { 1, 3 }));
        Assert.True(withPad[.., 3.., ..].allclose(unpadded, atol: 1e-5));
        // without key masking the padding keys take part in attention and the state differs
        using var m2 = Small(maskKeys: false);
        m2.load_state_dict(m.state_dict());
        m2.eval();
        using var noMask = m2.Encode(a);
        Assert.False(withPad[.., -1, ..].allclose(noMask[.., -1, ..], atol: 1e-5));
    }

    [Fact]
    public void Unscaled_embeddings_equal_scaled_ones_divided_by_root_d()
    {
        manual_seed(4);
        using var scaled = Small();
        using var unscaled = new SasRec(20, scaled.Config with { ScaleEmbeddings = false });
        unscaled.load_state_dict(scaled.state_dict());
        using var x = tensor(new long[] { 0, 7, 3, 4, 5, 6 }, new long[] { 1, 6 });
        scaled.eval(); unscaled.eval();
        using var before = unscaled.Encode(x);
        Assert.False(scaled.Encode(x).allclose(before, atol: 1e-4));   // √8 changes the input, so the states differ
        using (no_grad()) unscaled.state_dict()["items.weight"].mul_(Math.Sqrt(8));
        Assert.True(scaled.Encode(x).allclose(unscaled.Encode(x), atol: 1e-5));
    }

    [Fact]
    public void Embedding_init_range_draws_the_tables_uniformly_and_leaves_the_rest_glorot()
    {
        manual_seed(5);
        using var m = new SasRec(2000, new SasRecConfig(MaxLength: 300, HiddenSize: 64, SeparateOutputEmbeddings: true, EmbeddingInitRange: 0.05));
        var state = m.state_dict();
        foreach (var name in new[] { "items.weight", "positions.weight", "outputItems.weight" })
        {
            var w = state[name];
            var rows = w.shape[0] == 2001 ? w[1..] : w;                         // padding row 0 is zero
            Assert.True(rows.abs().max().item<float>() <= 0.05f, name);
            Assert.InRange(rows.std().item<float>(), 0.05 / Math.Sqrt(3) * 0.95, 0.05 / Math.Sqrt(3) * 1.05);  // U(−r, r): sd r/√3
        }
        Assert.Equal(0f, state["items.weight"][0].abs().sum().item<float>());
        var q = state.First(kv => kv.Key.EndsWith("q.weight")).Value;           // 64×64 Glorot: bound √(6/128) ≈ 0.217
        Assert.True(q.abs().max().item<float>() > 0.1f);
        Assert.Equal("EmbeddingInitRange", Assert.Throws<ArgumentOutOfRangeException>(() => new SasRecConfig(EmbeddingInitRange: 0).Validate()).ParamName);
    }

    [Fact]
    public void Separate_output_embeddings_are_a_different_table()
    {
        using var shared = Small();
        using var separate = Small(separate: true);
        Assert.Equal(shared.parameters().Count() + 1, separate.parameters().Count());
        Assert.Equal(new long[] { 21, 8 }, separate.OutputEmbeddings.shape);
        Assert.Equal(0f, separate.OutputEmbeddings[0].abs().sum().item<float>());
    }

    [Theory]
    [InlineData(0, 8, 2, 1, 0.2, "MaxLength")]
    [InlineData(6, 8, 3, 3, 0.2, "Heads")]
    [InlineData(6, 8, 2, 1, 1.5, "Dropout")]
    [InlineData(6, -1, 2, 1, 0.2, "HiddenSize")]
    public void Bad_configuration_names_the_parameter(int len, int d, int blocks, int heads, double dropout, string name)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new SasRecConfig(len, d, blocks, heads, dropout).Validate());
        Assert.Contains(name, e.Message);
    }

    [Fact]
    public void Config_prints_every_setting_and_names_the_default_initialisation()
    {
        var config = new SasRecConfig();
        var text = config.ToString();
        foreach (var property in typeof(SasRecConfig).GetProperties().Where(p => p.DeclaringType == typeof(SasRecConfig) && p.GetMethod!.IsPublic && !p.GetMethod.IsStatic))
            Assert.Contains($"{property.Name} = ", text);
        Assert.Contains("EmbeddingInitRange = Glorot", text);
        Assert.Contains("EmbeddingInitRange = ±0.05", (config with { EmbeddingInitRange = 0.05 }).ToString());
    }
}
