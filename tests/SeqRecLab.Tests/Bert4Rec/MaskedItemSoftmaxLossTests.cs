using SeqRecLab.Backend;
using SeqRecLab.Evaluation;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using static TorchSharp.torch;
using Bert4RecModel = SeqRecLab.Models.Bert4Rec;

namespace SeqRecLab.Tests.Bert4Rec;

public class MaskedItemSoftmaxLossTests
{
    public MaskedItemSoftmaxLossTests() => TorchBackend.Initialize("cpu");

    /// <summary>Three items in d = 2: e1 = (1, 0), e2 = (0, 1), e3 = (1, 1); bias b1 = 0.5, b2 = −0.5, b3 = 0.</summary>
    sealed class FixedEncoder : ISequenceEncoder, IOutputBias
    {
        public int NumItems => 3;
        public int MaxLength => 3;
        public int HiddenSize => 2;
        public TorchSharp.torch.Device Device => CPU;
        public Tensor OutputEmbeddings { get; } = tensor(new float[] { 0, 0, 1, 0, 0, 1, 1, 1 }).view(4, 2);
        public Tensor OutputBias { get; } = tensor(new float[] { 0, 0.5f, -0.5f, 0 });
        public Tensor Encode(Tensor inputs) => throw new InvalidOperationException("not used");
        public Tensor ScoreAll(Tensor histories) => throw new InvalidOperationException("not used");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(2)]
    public void Loss_matches_its_formula_by_hand(int? maxTargets)
    {
        // position 0: h = (1, 2), target 3 → logits 1 + 0.5 = 1.5, 2 − 0.5 = 1.5, 3 + 0 = 3: ln(2e^1.5 + e^3) − 3 = 0.3689811
        // position 1: target 0, ignored
        // position 2: h = (0, 0), target 1 → logits 0.5, −0.5, 0: ln(e^0.5 + e^−0.5 + 1) − 0.5 = 0.6802697
        // mean over the two targets: 0.5246254
        var hidden = tensor(new float[] { 1, 2, 5, 5, 0, 0 }).view(1, 3, 2);
        var batch = new TrainingBatch(zeros(1, 3, dtype: ScalarType.Int64), tensor(new long[] { 3, 0, 1 }).view(1, 3));
        var loss = new MaskedItemSoftmaxLoss(maxTargets).Compute(new FixedEncoder(), hidden, batch);
        Assert.Equal(0.5246254, loss.item<float>(), 5);
    }

    [Fact]
    public void The_shared_softmax_loss_adds_the_output_bias_too()
    {
        // the same two targets as above through SoftmaxLoss (every position scored): 0.5246254
        var hidden = tensor(new float[] { 1, 2, 5, 5, 0, 0 }).view(1, 3, 2);
        var batch = new TrainingBatch(zeros(1, 3, dtype: ScalarType.Int64), tensor(new long[] { 3, 0, 1 }).view(1, 3));
        Assert.Equal(0.5246254, new SoftmaxLoss().Compute(new FixedEncoder(), hidden, batch).item<float>(), 5);
    }

    [Theory]
    [InlineData(SampledLogitsPath.Gather)]
    [InlineData(SampledLogitsPath.ScoreAll)]
    public void Sampled_logits_add_the_output_bias_of_each_scored_item(SampledLogitsPath path)
    {
        // h = (1, 2): dot products e1 = 1, e2 = 2, e3 = 3; with the bias 1.5, 1.5, 3
        var hidden = tensor(new float[] { 1, 2 }).view(1, 1, 2);
        var batch = new TrainingBatch(zeros(1, 1, dtype: ScalarType.Int64), tensor(new long[] { 3 }).view(1, 1));
        TorchSharp.torch.manual_seed(3);
        var (logits, _) = SampledLogits.Compute(new FixedEncoder(), hidden, batch, negatives: 2, path);
        TorchSharp.torch.manual_seed(3);
        var negatives = randint(1, 4, new long[] { 1, 1, 2 }, dtype: ScalarType.Int64);   // the negatives Compute drew
        var byItem = new[] { 0f, 1.5f, 1.5f, 3f };
        var expected = new[] { byItem[3], byItem[negatives[0, 0, 0].item<long>()], byItem[negatives[0, 0, 1].item<long>()] };
        Assert.Equal(expected, logits.reshape(-1).data<float>().ToArray());
    }

    [Fact]
    public void Loss_on_BERT4Rec_is_the_cross_entropy_of_its_logits_at_masked_positions()
    {
        manual_seed(7);
        using var model = new Bert4RecModel(30, new Bert4RecConfig(MaxLength: 8, HiddenSize: 8, IntermediateSize: 16));
        model.eval();
        using var biasUpdate = no_grad();
        model.OutputBias.copy_(randn(31));                   // a non-zero bias must enter the loss
        biasUpdate.Dispose();
        var seqs = Enumerable.Range(0, 6).Select(u => Enumerable.Range(1, 3 + 4 * u).Select(i => 1 + (i * 7 + u) % 30).ToArray()).ToArray();
        using var sampler = new MaskedItemSampler(seqs, 8, model.MaskToken, CPU, maskProbability: 0.3, maxPredictions: 2);
        var batch = sampler.Next(6);
        var hidden = model.Encode(batch.Inputs);
        var full = new MaskedItemSoftmaxLoss().Compute(model, hidden, batch).item<float>();
        var topP = new MaskedItemSoftmaxLoss(2).Compute(model, hidden, batch).item<float>();

        // independent formula: −log softmax over items 1..N of (h·E + b) at every masked position, averaged
        var logp = model.Logits(hidden)[.., .., 1..].log_softmax(-1);             // [B, L, N]
        var t = batch.Targets.data<long>().ToArray();
        double sum = 0; int count = 0;
        for (int r = 0; r < 6; r++)
            for (int i = 0; i < 8; i++)
                if (t[r * 8 + i] != 0) { sum -= logp[r, i, t[r * 8 + i] - 1].item<float>(); count++; }
        Assert.True(count >= 6);                              // every sequence has ≥ 1 masked item
        Assert.Equal(sum / count, full, 4);
        Assert.Equal(full, topP, 5);
    }

    [Fact]
    public void Gradients_reach_the_output_bias()
    {
        manual_seed(8);
        using var model = new Bert4RecModel(10, new Bert4RecConfig(MaxLength: 4, HiddenSize: 4, Heads: 1, IntermediateSize: 8));
        var batch = new TrainingBatch(tensor(new long[] { 0, 2, 11, 4 }).view(1, 4), tensor(new long[] { 0, 0, 3, 0 }).view(1, 4));
        new MaskedItemSoftmaxLoss(1).Compute(model, model.Encode(batch.Inputs), batch).backward();
        var g = model.OutputBias.grad!;
        // d/db_i of −log softmax: p_i − [i = target]; so the target's bias gradient is negative and the others positive
        Assert.True(g[3].item<float>() < 0);
        Assert.True(g[1].item<float>() > 0);
        Assert.Equal(0.0, g[0].item<float>());                // padding is not in the softmax
    }

    [Fact]
    public void Held_out_loss_is_the_mean_cross_entropy_of_ScoreAll()
    {
        // scores over items 1..3 are always (1, 2, 3): logsumexp = ln(e + e² + e³) = 3.4076060
        // target 3: 3.4076060 − 3 = 0.4076060; target 1: 3.4076060 − 1 = 2.4076060; mean 1.4076060
        var model = SeqRecLab.Tests.Evaluation.FakeRecommender.Constant(new float[] { 100, 1, 2, 3 });
        var cases = new[] { new EvalCase(0, new[] { 1, 2 }, 3), new EvalCase(1, new[] { 2 }, 1) };
        Assert.Equal(1.4076060, HeldOutSoftmaxLoss.Compute(model, cases), 5);
        Assert.Equal(1.4076060, HeldOutSoftmaxLoss.Compute(model, cases, batchSize: 1), 5);
    }

    [Fact]
    public void Bad_arguments_fail_naming_the_parameter()
    {
        Assert.Equal("maxTargetsPerSequence", Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedItemSoftmaxLoss(0)).ParamName);
        var model = SeqRecLab.Tests.Evaluation.FakeRecommender.Constant(new float[] { 0, 1, 2, 3 });
        Assert.Throws<ArgumentException>(() => HeldOutSoftmaxLoss.Compute(model, new[] { new EvalCase(0, new[] { 1 }, 4) }));
    }

    [Fact]
    public void ForDevice_takes_the_sync_free_path_on_cuda_only()
    {
        Assert.Null(MaskedItemSoftmaxLoss.ForDevice(CPU, 20).MaxTargetsPerSequence);
        Assert.Equal(20, MaskedItemSoftmaxLoss.ForDevice(new Device(TorchSharp.DeviceType.CUDA, 0), 20).MaxTargetsPerSequence);
        Assert.ThrowsAny<ArgumentException>(() => MaskedItemSoftmaxLoss.ForDevice(new Device(TorchSharp.DeviceType.CUDA, 0), 0));
    }
}
