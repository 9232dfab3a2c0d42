using SeqRecLab.Backend;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Training;

public class SamplerAndLossTests
{
    public SamplerAndLossTests() => TorchBackend.Initialize("cpu");

    [Fact]
    public void Shifting_sampler_pairs_each_item_with_the_next_and_keeps_the_most_recent_window()
    {
        // one usable user: 1 2 3 4 5 6 7 with L = 4 → window 3 4 5 6 7 → input 3 4 5 6, target 4 5 6 7
        // a second user 8 9 (shorter than L+1) → input 0 0 0 8, target 0 0 0 9; a user with one item is left out
        var sampler = new SequenceShiftingSampler(new[] { new[] { 1, 2, 3, 4, 5, 6, 7 }, new[] { 8, 9 }, new[] { 5 } }, 4, CPU);
        Assert.Equal(2, sampler.NumSequences);
        manual_seed(0);
        var batch = sampler.Next(64);
        var inputs = batch.Inputs.data<long>().ToArray();
        var targets = batch.Targets.data<long>().ToArray();
        var rows = Enumerable.Range(0, 64).Select(r => (string.Join(" ", inputs[(r * 4)..(r * 4 + 4)]), string.Join(" ", targets[(r * 4)..(r * 4 + 4)]))).Distinct().OrderBy(x => x).ToList();
        Assert.Equal(new[] { ("0 0 0 8", "0 0 0 9"), ("3 4 5 6", "4 5 6 7") }, rows);
    }

    /// <summary>A fixed "model": hidden states and embeddings given by the test.</summary>
    sealed class FixedEncoder(Tensor embeddings) : ISequenceEncoder
    {
        public int NumItems => (int)embeddings.shape[0] - 1;
        public int MaxLength => 3;
        public Device Device => CPU;
        public int HiddenSize => (int)embeddings.shape[1];
        public Tensor Encode(Tensor inputs) => throw new InvalidOperationException("not used");
        public Tensor OutputEmbeddings => embeddings;
        public Tensor ScoreAll(Tensor histories) => throw new InvalidOperationException("not used");
    }

    [Fact]
    public void Softmax_loss_matches_the_formula()
    {
        // 3 items, d = 2; E rows: pad, (1,0), (0,1), (1,1). One sequence, positions: target 2, no target, target 3
        using var e = tensor(new float[] { 0, 0, 1, 0, 0, 1, 1, 1 }, new long[] { 4, 2 });
        using var h = tensor(new float[] { 1, 2, 5, 5, 0, 1 }, new long[] { 1, 3, 2 });
        var batch = new TrainingBatch(zeros(1, 3, dtype: ScalarType.Int64), tensor(new long[] { 2, 0, 3 }, new long[] { 1, 3 }));
        using var loss = new SoftmaxLoss().Compute(new FixedEncoder(e), h, batch);
        // position 1: logits (1,2,3), target 2 → -log(e²/(e+e²+e³)); position 3: logits (0,1,1), target 3 → -log(e/(1+2e))
        double l1 = -Math.Log(Math.Exp(2) / (Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
        double l3 = -Math.Log(Math.E / (1 + 2 * Math.E));
        Assert.Equal((l1 + l3) / 2, loss.item<float>(), 5);
    }

    [Fact]
    public void Sampled_bce_matches_the_formula_for_the_drawn_negatives()
    {
        using var e = tensor(new float[] { 0, 0, 1, 0, 0, 1, 1, 1, -1, 2 }, new long[] { 5, 2 });
        using var h = tensor(new float[] { 1, 2, 5, 5, 0.5f, -1 }, new long[] { 1, 3, 2 });
        var targets = tensor(new long[] { 2, 0, 4 }, new long[] { 1, 3 });
        var batch = new TrainingBatch(zeros(1, 3, dtype: ScalarType.Int64), targets);
        const int k = 3;
        manual_seed(11);
        using var loss = new SampledBceLoss(4, k).Compute(new FixedEncoder(e), h, batch);
        manual_seed(11);
        var negs = randint(1, 5, new long[] { 1, 3, k }, dtype: ScalarType.Int64).data<long>().ToArray();
        var E = e.data<float>().ToArray(); var H = h.data<float>().ToArray(); var T = targets.data<long>().ToArray();
        double Dot(int pos, long item) => H[pos * 2] * E[item * 2] + H[pos * 2 + 1] * E[item * 2 + 1];
        double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        double total = 0; int n = 0;
        for (int p = 0; p < 3; p++)
        {
            if (T[p] == 0) continue;
            double sum = Softplus(-Dot(p, T[p]));                       // -log σ(s⁺)
            for (int j = 0; j < k; j++) sum += Softplus(Dot(p, negs[p * k + j])); // -log(1 - σ(s⁻))
            total += sum / (1 + k); n++;
        }
        Assert.Equal(total / n, loss.item<float>(), 5);
    }

    [Fact]
    public void Sampled_bce_rejects_more_negatives_than_items_allow()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SampledBceLoss(10, 10));
        Assert.Contains("negatives", ex.Message);
        Assert.Contains("[1, 9]", ex.Message);
    }
}
