using SeqRecLab.Backend;
using SeqRecLab.Data;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Rss;

public class RssModelTests
{
    public RssModelTests() => TorchBackend.Initialize("cpu");

    [Fact]
    public void Gru4rec_shapes_bias_column_and_scores()
    {
        manual_seed(1);
        using var m = new Gru4Rec(20, new Gru4RecConfig(MaxLength: 6, EmbeddingSize: 8, GruLayers: 3, DenseLayers: 1));
        m.eval();
        using var x = tensor(new long[] { 0, 0, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6 }, new long[] { 2, 6 });
        using var h = m.Encode(x);
        Assert.Equal(new long[] { 2, 6, 9 }, h.shape);
        Assert.Equal(9, m.HiddenSize);
        Assert.True(h[.., .., -1].eq(1).all().item<bool>());          // the constant input of the output bias
        Assert.Equal(new long[] { 21, 9 }, m.OutputEmbeddings.shape);
        using var s = m.ScoreAll(x);
        Assert.Equal(new long[] { 2, 21 }, s.shape);
        Assert.True(s.allclose(h[.., -1, ..].matmul(m.OutputEmbeddings.t())));
        // parameters: embedding 21·8; 3 GRU layers of 3 gates: 3·(3·8·8 + 3·8·8 + 2·3·8) = 3·432 = 1296;
        // dense 8·8 + 8 = 72; output 21·8 + 21 = 189 → 168 + 1296 + 72 + 189 = 1725
        Assert.Equal(1725, m.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void Gru4rec_is_causal_a_later_item_does_not_change_earlier_states()
    {
        manual_seed(2);
        using var m = new Gru4Rec(20, new Gru4RecConfig(MaxLength: 5, EmbeddingSize: 8));
        m.eval();
        using var a = m.Encode(tensor(new long[] { 0, 7, 3, 4, 5 }, new long[] { 1, 5 }));
        using var b = m.Encode(tensor(new long[] { 0, 7, 3, 4, 19 }, new long[] { 1, 5 }));
        Assert.True(a[.., ..4, ..].allclose(b[.., ..4, ..]));
        Assert.False(a[.., 4, ..].allclose(b[.., 4, ..], atol: 1e-5));
    }

    [Fact]
    public void Caser_returns_one_state_per_sequence_and_has_the_papers_layers()
    {
        manual_seed(3);
        var cfg = new CaserConfig(MaxLength: 5, EmbeddingSize: 8, VerticalFilters: 2, HorizontalFilters: 3, Dropout: 0.5);
        using var m = new Caser(20, cfg);
        m.eval();
        using var x = tensor(new long[] { 0, 0, 3, 4, 5, 1, 2, 3, 4, 5 }, new long[] { 2, 5 });
        using var h = m.Encode(x);
        Assert.Equal(new long[] { 2, 1, 9 }, h.shape);
        using var s = m.ScoreAll(x);
        Assert.Equal(new long[] { 2, 21 }, s.shape);
        Assert.True(s.allclose(h[.., 0, ..].matmul(m.OutputEmbeddings.t())));
        // parameters (d = 8, L = 5, F_v = 2, F_h = 3, N = 20):
        // embedding 21·8 = 168; vertical 2·(5·1) + 2 = 12; horizontal Σ_{h=1..5} (3·8·h + 3) = 24·15 + 15 = 375;
        // dense (2·8 + 3·5)·8 + 8 = 31·8 + 8 = 256; output 21·8 + 21 = 189 → 1000
        Assert.Equal(1000, m.parameters().Sum(p => p.numel()));
        var ex = Assert.Throws<ArgumentException>(() => m.Encode(zeros(1, 4, dtype: ScalarType.Int64)));
        Assert.Contains("MaxLength (5)", ex.Message);
    }

    [Fact]
    public void Caser_horizontal_filters_see_item_order_and_vertical_filters_see_positions()
    {
        // a permutation of the same items changes the state (order matters), dropout off
        manual_seed(4);
        using var m = new Caser(20, new CaserConfig(MaxLength: 5, EmbeddingSize: 8, VerticalFilters: 2, HorizontalFilters: 3));
        m.eval();
        using var a = m.Encode(tensor(new long[] { 1, 2, 3, 4, 5 }, new long[] { 1, 5 }));
        using var b = m.Encode(tensor(new long[] { 5, 4, 3, 2, 1 }, new long[] { 1, 5 }));
        Assert.False(a.allclose(b, atol: 1e-6));
    }

    public static TheoryData<string> Models => new() { "GRU4Rec", "Caser", "SASRec" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Rss_training_decreases_the_loss(string name)
    {
        var data = SyntheticDataset.Generate(seed: 1, new SyntheticOptions(NumUsers: 300, NumItems: 120, MeanLength: 25));
        Seed.Everything(7);
        const int L = 12;
        var sampler = new RecencySampler(data.Sequences, L, RecencyImportance.Exponential(0.8), 0.2, CPU);
        var config = new TrainerConfig(BatchSize: 32, StepsPerEpoch: 8, MaxEpochs: 4, LearningRate: 3e-3);
        var history = name switch
        {
            "GRU4Rec" => Trainer.Fit(new Gru4Rec(data.NumItems, new Gru4RecConfig(MaxLength: L, EmbeddingSize: 16)), sampler, new LastPositionBceLoss(), config, onProgress: _ => { }),
            "Caser" => Trainer.Fit(new Caser(data.NumItems, new CaserConfig(MaxLength: L, EmbeddingSize: 16, HorizontalFilters: 4)), sampler, new LastPositionBceLoss(), config, onProgress: _ => { }),
            _ => Trainer.Fit(new SasRec(data.NumItems, new SasRecConfig(MaxLength: L, HiddenSize: 16, Blocks: 1)), sampler, new LambdaRankLoss(), config, onProgress: _ => { }),
        };
        double first = history.Epochs[0].TrainLoss, last = history.Epochs[^1].TrainLoss;
        Assert.True(last < first, $"{name}: loss {first:F4} → {last:F4}");
    }
}
