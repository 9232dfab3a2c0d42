using SeqRecLab.Backend;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace SeqRecLab.Tests.Gbce;

public class GbceLossTests
{
    public GbceLossTests() => TorchBackend.Initialize("cpu");

    [Fact]
    public void Alpha_and_beta_follow_the_thesis()
    {
        // ML-1M gSASRec: α = 256/3415 = 0.0749634, β = 0.75·(α − 1) + 1 = 0.25 + 0.75·0.0749634 = 0.3062225
        var g = new GbceLoss(3416, 256, 0.75);
        Assert.Equal(0.0749634, g.Alpha, 7);
        Assert.Equal(0.3062225, g.Beta, 7);
        // Steam: α = 128/13043 = 0.00981369, β = 0.1 + 0.9·α = 0.1088323
        Assert.Equal(0.1088323, GbceLoss.BetaFor(GbceLoss.SamplingRate(13044, 128), 0.9), 7);
        // t = 0 → β = 1 (BCE); t = 1 → β = α (calibrated)
        Assert.Equal(1.0, new GbceLoss(3416, 1, 0.0).Beta);
        Assert.Equal(1.0 / 3415, new GbceLoss(3416, 1, 1.0).Beta, 15);
    }

    [Fact]
    public void Value_and_gradient_match_the_formula_on_the_thesis_example()
    {
        // Fig. 5.3: σ(s⁺) = 0.4, σ(s₁⁻) = 0.1, σ(s₂⁻) = 0.05; k = 2 over ML-1M (N = 3416), t = 0.75:
        // α = 2/3415 = 0.000585652, β = 0.25 + 0.75α = 0.250439239
        // loss = (β·(−log 0.4) + (−log 0.9) + (−log 0.95)) / 3 = (0.250439239·0.916290732 + 0.105360516 + 0.051293294) / 3
        //      = (0.229475175 + 0.156653810) / 3 = 0.128709662
        // ∂/∂s⁺ = −β(1 − 0.4)/3 = −0.050087848; ∂/∂s₁⁻ = 0.1/3 = 0.033333333; ∂/∂s₂⁻ = 0.05/3 = 0.016666667
        // A second position is masked out: its (extreme) logits must change neither the value nor get a gradient.
        var g = new GbceLoss(3416, 2, 0.75);
        Assert.Equal(0.250439239, g.Beta, 9);
        using var logits = tensor(new[] { Logit(0.4), Logit(0.1), Logit(0.05), 50f, -80f, 100f }, new long[] { 1, 2, 3 }).requires_grad_();
        using var mask = tensor(new float[] { 1, 0 }, new long[] { 1, 2 });
        using var loss = GbceLoss.FromLogits(logits, mask, g.Beta);
        loss.backward();
        Assert.Equal(0.128709662, loss.item<float>(), 6);
        var grad = logits.grad!.data<float>().ToArray();
        Assert.Equal(-0.050087848, grad[0], 6);
        Assert.Equal(0.033333333, grad[1], 6);
        Assert.Equal(0.016666667, grad[2], 6);
        Assert.Equal(new float[] { 0, 0, 0 }, grad[3..]);
    }

    [Fact]
    public void Extreme_logits_stay_finite_in_float32()
    {
        // s⁺ = −100 with β = 0.5: −β·log σ(−100) = 0.5·softplus(100) = 50; negatives at −100 add softplus(−100) ≈ 4e-44;
        // k = 3 → loss = 50/4 = 12.5; ∂/∂s⁺ = −β(1 − σ(−100))/4 = −0.125. (log(σ(s)^β) would give log 0 = −∞ here.)
        // s⁺ = +100: −β·log σ(100) ≈ 0 and its gradient ≈ −β·e⁻¹⁰⁰/4, still representable as 0 without NaN.
        using var logits = tensor(new float[] { -100, -100, -100, -100, 100, -100, -100, -100 }, new long[] { 2, 4 }).requires_grad_();
        using var mask = tensor(new float[] { 1, 0 });
        using var loss = GbceLoss.FromLogits(logits, mask, 0.5);
        loss.backward();
        Assert.Equal(12.5f, loss.item<float>(), 5);
        Assert.Equal(-0.125f, logits.grad!.data<float>()[0], 6);
        Assert.False(logits.grad!.isnan().any().item<bool>());
    }

    [Fact]
    public void T_zero_equals_sampled_bce_exactly_with_the_same_negatives()
    {
        manual_seed(3);
        using var e = randn(31, 8);
        using var h = randn(4, 6, 8);
        var targets = randint(0, 31, new long[] { 4, 6 }, dtype: ScalarType.Int64);   // zeros act as padding
        var batch = new TrainingBatch(zeros(4, 6, dtype: ScalarType.Int64), targets);
        var model = new FixedEncoder(e);

        var (bceValue, bceGrad) = ValueAndGrad(new SampledBceLoss(30, 5), model, h, batch, seed: 7);
        var (gValue, gGrad) = ValueAndGrad(new GbceLoss(30, 5, 0.0, SampledLogitsPath.Gather), model, h, batch, seed: 7);
        Assert.Equal(bceValue, gValue);
        Assert.Equal(bceGrad, gGrad);
    }

    [Fact]
    public void Score_all_path_draws_the_same_negatives_and_gives_the_same_loss()
    {
        manual_seed(4);
        using var e = randn(41, 16);
        using var h = randn(3, 5, 16);
        var targets = randint(0, 41, new long[] { 3, 5 }, dtype: ScalarType.Int64);
        var batch = new TrainingBatch(zeros(3, 5, dtype: ScalarType.Int64), targets);
        var model = new FixedEncoder(e);
        var (gather, gatherGrad) = ValueAndGrad(new GbceLoss(40, 20, 0.75, SampledLogitsPath.Gather), model, h, batch, seed: 9);
        var (scores, scoresGrad) = ValueAndGrad(new GbceLoss(40, 20, 0.75, SampledLogitsPath.ScoreAll), model, h, batch, seed: 9);
        Assert.Equal(gather, scores, 5);
        for (int i = 0; i < gatherGrad.Length; i++) Assert.Equal(gatherGrad[i], scoresGrad[i], 5);
    }

    [Fact]
    public void Compute_matches_the_formula_for_the_drawn_negatives()
    {
        // loss = mean over target positions of (β·softplus(−s⁺) + Σⱼ softplus(s⁻ⱼ)) / (k + 1), negatives as drawn
        manual_seed(5);
        using var e = randn(11, 4);
        using var h = randn(2, 3, 4);
        var targets = tensor(new long[] { 3, 0, 7, 10, 1, 0 }, new long[] { 2, 3 });
        var batch = new TrainingBatch(zeros(2, 3, dtype: ScalarType.Int64), targets);
        const int k = 4;
        var loss = new GbceLoss(10, k, 1.0);
        manual_seed(12);
        using var value = loss.Compute(new FixedEncoder(e), h, batch);
        manual_seed(12);
        var negs = randint(1, 11, new long[] { 2, 3, k }, dtype: ScalarType.Int64).data<long>().ToArray();
        var E = e.data<float>().ToArray(); var H = h.data<float>().ToArray(); var T = targets.data<long>().ToArray();
        double Dot(int pos, long item) => Enumerable.Range(0, 4).Sum(j => (double)H[pos * 4 + j] * E[item * 4 + j]);
        double Softplus(double x) => Math.Log(1 + Math.Exp(x));
        double total = 0; int n = 0;
        for (int p = 0; p < 6; p++)
        {
            if (T[p] == 0) continue;
            double sum = loss.Beta * Softplus(-Dot(p, T[p]));
            for (int j = 0; j < k; j++) sum += Softplus(Dot(p, negs[p * k + j]));
            total += sum / (1 + k); n++;
        }
        Assert.Equal(total / n, value.item<float>(), 5);
    }

    [Fact]
    public void Equals_bce_on_the_authors_float64_transformed_positive_logit()
    {
        // Theorem 5.5.2: gBCE(s⁺, s⁻) = BCE(γ(s⁺), s⁻), γ(s) = log(1 / (σ(s)^(−β) − 1)), computed as in the authors' code
        // (float64, clamps at 1e-10). Compared in value and in the gradient with respect to every logit.
        manual_seed(6);
        const int k = 8;
        using var raw = (randn(4, 5, 1 + k) * 3).to(ScalarType.Float32);
        using var mask = tensor(new float[] { 1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1 }, new long[] { 4, 5 });
        double beta = GbceLoss.BetaFor(GbceLoss.SamplingRate(3416, k), 0.75);

        using var ours = raw.detach().clone().requires_grad_();
        using var ourLoss = GbceLoss.FromLogits(ours, mask, beta);
        ourLoss.backward();

        using var theirs = raw.detach().to(ScalarType.Float64).requires_grad_();
        using var theirLoss = AuthorsGbce(theirs, mask.to(ScalarType.Float64), beta);
        theirLoss.backward();

        Assert.Equal(theirLoss.item<double>(), ourLoss.item<float>(), 6);
        var g1 = ours.grad!.data<float>().ToArray();
        var g2 = theirs.grad!.data<double>().ToArray();
        for (int i = 0; i < g1.Length; i++) Assert.Equal(g2[i], g1[i], 6);

        // in float64 our form agrees to rounding
        using var ours64 = GbceLoss.FromLogits(raw.to(ScalarType.Float64), mask.to(ScalarType.Float64), beta);
        Assert.Equal(theirLoss.item<double>(), ours64.item<double>(), 12);
    }

    [Fact]
    public void Bad_arguments_name_the_parameter_and_range()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GbceLoss(100, 4, 1.5));
        Assert.Contains("t", ex.ParamName);
        Assert.Contains("[0, 1]", ex.Message);
        ex = Assert.Throws<ArgumentOutOfRangeException>(() => new GbceLoss(100, 100, 0.5));
        Assert.Equal("negatives", ex.ParamName);
        Assert.Contains("[1, 99]", ex.Message);
        using var logits = zeros(2, 1);
        using var mask = ones(2);
        Assert.Throws<ArgumentException>(() => GbceLoss.FromLogits(logits, mask, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GbceLoss.FromLogits(zeros(2, 3), mask, 0.0));
    }

    /// <summary>The authors' gSASRec loss (asash/gSASRec-pytorch, gsasrec.py / train_gsasrec.py), re-written in TorchSharp.</summary>
    static Tensor AuthorsGbce(Tensor logits, Tensor mask, double beta)
    {
        const double eps = 1e-10;
        var pos = logits[.., .., 0..1];
        var neg = logits[.., .., 1..];
        var posProbs = pos.sigmoid().clamp(eps, 1 - eps);
        var adjusted = posProbs.pow(-beta).clamp(1 + eps, double.MaxValue);
        var toLog = (1.0 / (adjusted - 1)).clamp(eps, double.MaxValue);
        var transformed = cat(new[] { toLog.log(), neg }, -1);
        var labels = zeros_like(transformed);
        labels[.., .., 0] = 1;
        var perPosition = F.binary_cross_entropy_with_logits(transformed, labels, reduction: nn.Reduction.None).mean(new long[] { -1 });
        return (perPosition * mask).sum() / mask.sum();
    }

    static float Logit(double p) => (float)Math.Log(p / (1 - p));

    static (float Value, float[] Grad) ValueAndGrad(ISequenceLoss loss, FixedEncoder model, Tensor h, TrainingBatch batch, int seed)
    {
        using var hidden = h.detach().clone().requires_grad_();
        manual_seed(seed);
        using var value = loss.Compute(model, hidden, batch);
        value.backward();
        return (value.item<float>(), hidden.grad!.data<float>().ToArray());
    }
}
