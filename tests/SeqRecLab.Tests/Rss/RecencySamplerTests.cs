using SeqRecLab.Backend;
using SeqRecLab.Training;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Rss;

public class RecencySamplerTests
{
    public RecencySamplerTests() => TorchBackend.Initialize("cpu");

    static (long[] Inputs, long[] Targets, long InputWidth, long TargetWidth) Draw(RecencySampler s, int batch)
    {
        var b = s.Next(batch);
        return (b.Inputs.data<long>().ToArray(), b.Targets.data<long>().ToArray(), b.Inputs.shape[1], b.Targets.shape[1]);
    }

    [Fact]
    public void Exponential_probabilities_match_the_closed_form_and_the_spec_table()
    {
        // exp α=0.8, n=50: p(49) = α / Σ_{j=1..50} α^j = α(1−α) / (α(1−α^50)) = 0.2 / (1 − 0.8^50) = 0.2000028...
        var p = RecencyImportance.Exponential(0.8).Probabilities(50);
        Assert.Equal(0.2 / (1 - Math.Pow(0.8, 50)), p[49], 12);
        Assert.Equal(0.8 * p[49], p[48], 12);                      // each step back multiplies by α
        Assert.Equal(0.0819, p[45], 4);                            // spec §3.3 table
        Assert.Equal(1.0, p.Sum(), 12);
        // thesis L1238: α = 0.9, n = 50, position 10 has p < 0.002 (0.00165)
        Assert.Equal(0.00165, RecencyImportance.Exponential(0.9).Probabilities(50)[10], 5);
        // α = 1 is uniform
        Assert.All(RecencyImportance.Exponential(1.0).Probabilities(7), x => Assert.Equal(1.0 / 7, x, 12));
        // tiny α on a long sequence: all mass on the last item, no NaN
        var tiny = RecencyImportance.Exponential(0.01).Probabilities(5000);
        Assert.Equal(1.0, tiny[^1], 1);
        Assert.DoesNotContain(tiny, double.IsNaN);
    }

    [Fact]
    public void Power_probabilities_match_the_spec_table_without_overflow()
    {
        // pow β: p(k) ∝ ((k+1)/51)^(e^β). β = 0 is linear: p(k) = (k+1) / Σ(k+1) = (k+1)/1275
        var lin = RecencyImportance.Power(0).Probabilities(50);
        Assert.Equal(50.0 / 1275, lin[49], 12);
        Assert.Equal(1.0 / 1275, lin[0], 12);
        var p = RecencyImportance.Power(2.25).Probabilities(50);   // spec table: 0.1893, 0.1563, 0.0858 (k = 49, 48, 45)
        Assert.Equal(0.1893, p[49], 4);
        Assert.Equal(0.1563, p[48], 4);
        Assert.Equal(0.0858, p[45], 4);
        Assert.Equal(0.9997, RecencyImportance.Power(6).Probabilities(50)[49], 4);   // τ = e^6 ≈ 403: 51^403 would overflow
    }

    [Fact]
    public void Bad_arguments_fail_naming_the_parameter_and_range()
    {
        var e1 = Assert.Throws<ArgumentOutOfRangeException>(() => RecencyImportance.Exponential(0));
        Assert.Contains("alpha", e1.Message); Assert.Contains("(0, 1]", e1.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => RecencyImportance.Exponential(1.5));
        var e2 = Assert.Throws<ArgumentOutOfRangeException>(() => RecencyImportance.Power(50));
        Assert.Contains("beta", e2.Message);
        var e3 = Assert.Throws<ArgumentOutOfRangeException>(() => new RecencySampler(new[] { new[] { 1, 2 } }, 5, RecencyImportance.Exponential(0.8), 1.0, CPU));
        Assert.Contains("gamma", e3.Message); Assert.Contains("(0, 1)", e3.Message);
        var e4 = Assert.Throws<ArgumentException>(() => new RecencySampler(new[] { new[] { 1 } }, 5, RecencyImportance.Exponential(0.8), 0.2, CPU));
        Assert.Contains("2 or more", e4.Message);
    }

    [Fact]
    public void Target_count_is_max_1_and_floor_n_gamma()
    {
        // c = max(1, int(n·γ)): n = 4 → int(0.8) = 0 → 1; n = 5 → 1; n = 10 → 2; n = 49 → int(9.8) = 9; n = 50 → 10
        Assert.Equal(new[] { 1, 1, 2, 9, 10 }, new[] { 4, 5, 10, 49, 50 }.Select(n => RecencySampler.TargetCount(n, 0.2)));
    }

    [Fact]
    public void Single_target_positions_follow_the_importance_distribution_chi_square()
    {
        // one sequence 1..30 (item = position + 1); γ = 0.02 → c = max(1, int(0.6)) = 1 target per sample,
        // so the target's position is one draw from p; 40,000 samples, fixed seed
        var seq = Enumerable.Range(1, 30).ToArray();
        foreach (var f in new[] { RecencyImportance.Exponential(0.8), RecencyImportance.Power(2.25), RecencyImportance.Exponential(0.95) })
        {
            manual_seed(5);
            var sampler = new RecencySampler(new[] { seq }, 10, f, 0.02, CPU);
            var (_, targets, _, width) = Draw(sampler, 40_000);
            Assert.Equal(1, width);
            var counts = new long[30];
            foreach (var t in targets) counts[t - 1]++;
            var fit = ChiSquareTest.GoodnessOfFit(counts, f.Probabilities(30));
            Assert.True(fit.P > 0.001, $"{f}: χ² = {fit.Statistic:F1}, df = {fit.DegreesOfFreedom}, p = {fit.P:G3}");
            // the test has power: the same draws reject a nearby distribution
            var wrong = ChiSquareTest.GoodnessOfFit(counts, RecencyImportance.Exponential(0.75).Probabilities(30));
            Assert.True(wrong.P < 1e-6, $"{f} vs exp 0.75: p = {wrong.P:G3}");
        }
    }

    [Fact]
    public void With_several_draws_each_position_is_a_target_with_probability_one_minus_one_minus_p_to_the_c()
    {
        // n = 30, γ = 0.2 → c = 6 draws with replacement; P(position k is a target) = 1 − (1 − p_k)^6;
        // E[#distinct targets] = Σ_k 1 − (1 − p_k)^6
        var seq = Enumerable.Range(1, 30).ToArray();
        var f = RecencyImportance.Exponential(0.8);
        var p = f.Probabilities(30);
        manual_seed(9);
        const int samples = 20_000;
        var (_, targets, _, width) = Draw(new RecencySampler(new[] { seq }, 50, f, 0.2, CPU), samples);
        Assert.Equal(6, width);
        var hits = new long[30];
        long distinct = 0;
        for (int r = 0; r < samples; r++)
        {
            var row = targets[(r * 6)..(r * 6 + 6)];
            var used = row.TakeWhile(t => t != 0).ToArray();
            Assert.All(row.Skip(used.Length), t => Assert.Equal(0, t));       // zeros only after the targets
            Assert.Equal(used.Length, used.Distinct().Count());               // distinct positions (items are distinct here)
            Assert.InRange(used.Length, 1, 6);
            foreach (var t in used) hits[t - 1]++;
            distinct += used.Length;
        }
        for (int k = 0; k < 30; k++)
        {
            double q = 1 - Math.Pow(1 - p[k], 6), sd = Math.Sqrt(samples * q * (1 - q));
            Assert.True(Math.Abs(hits[k] - samples * q) <= 5 * sd + 1, $"position {k}: {hits[k]} hits, expected {samples * q:F1} ± {sd:F1}");
        }
        double expected = p.Sum(x => 1 - Math.Pow(1 - x, 6));
        Assert.Equal(expected, (double)distinct / samples, 1);
    }

    [Fact]
    public void Input_is_the_sequence_without_the_target_positions_cut_to_the_last_L_and_padding_is_never_a_target()
    {
        // lengths 2, 3, 9, 40 with uniform importance (α = 1, every position can be drawn); L = 6
        // items are distinct per sequence, so positions can be read back from items
        var seqs = new[] { new[] { 7, 8 }, new[] { 11, 12, 13 }, Enumerable.Range(20, 9).ToArray(), Enumerable.Range(100, 40).ToArray() };
        manual_seed(3);
        var sampler = new RecencySampler(seqs, 6, RecencyImportance.Exponential(1.0), 0.2, CPU);
        Assert.Equal(8, sampler.MaxTargets);                  // max(1, int(40 · 0.2))
        for (int round = 0; round < 50; round++)
        {
            var (inputs, targets, l, c) = Draw(sampler, 4);
            for (int r = 0; r < 4; r++)
            {
                var t = targets[(int)(r * c)..(int)(r * c + c)].Where(x => x != 0).ToHashSet();
                var input = inputs[(int)(r * l)..(int)(r * l + l)];
                var seq = seqs.Single(s => s.Contains((int)(t.Count > 0 ? t.First() : input.First(x => x != 0))));
                Assert.NotEmpty(t);
                Assert.True(t.Count <= RecencySampler.TargetCount(seq.Length, 0.2));
                Assert.All(t, x => Assert.Contains((int)x, seq));               // never padding, never another user's item
                var row = targets[(int)(r * c)..(int)(r * c + c)];
                var packed = row.TakeWhile(x => x != 0).ToArray();
                Assert.All(row.Skip(packed.Length), x => Assert.Equal(0, x));  // the targets first, then only zeros
                Assert.Equal(seq.Where(x => t.Contains(x)).Reverse().Select(x => (long)x), packed);   // most recent first
                var rest = seq.Where(x => !t.Contains(x)).Select(x => (long)x).ToArray();
                var expected = Enumerable.Repeat(0L, Math.Max(0, 6 - rest.Length)).Concat(rest.TakeLast(6)).ToArray();
                Assert.Equal(expected, input);
            }
        }
    }

    [Fact]
    public void Length_two_sequences_give_one_target_and_one_input_item()
    {
        // n = 2: c = 1; f(k) = α^(n−k): f(1) = α = 0.5, f(0) = α² = 0.25 → p(last) = 0.5/0.75 = 2/3, p(first) = 1/3
        manual_seed(4);
        var sampler = new RecencySampler(new[] { new[] { 5, 6 } }, 3, RecencyImportance.Exponential(0.5), 0.2, CPU);
        var (inputs, targets, _, c) = Draw(sampler, 6000);
        Assert.Equal(1, c);
        int last = 0;
        for (int r = 0; r < 6000; r++)
        {
            Assert.Equal(0, inputs[r * 3]); Assert.Equal(0, inputs[r * 3 + 1]);
            Assert.Equal(11, inputs[r * 3 + 2] + targets[r]);          // {5, 6} split into input and target
            if (targets[r] == 6) last++;
        }
        var fit = ChiSquareTest.GoodnessOfFit(new long[] { 6000 - last, last }, new[] { 1 / 3.0, 2 / 3.0 });
        Assert.True(fit.P > 0.001, $"p = {fit.P}");
    }

    [Fact]
    public void Every_user_appears_once_per_pass_and_the_same_seed_repeats_the_batches()
    {
        var seqs = Enumerable.Range(0, 7).Select(u => new[] { 10 * u + 1, 10 * u + 2, 10 * u + 3 }).ToArray();
        long[] Run()
        {
            manual_seed(12);
            var s = new RecencySampler(seqs, 4, RecencyImportance.Exponential(0.8), 0.2, CPU);
            return Enumerable.Range(0, 5).SelectMany(_ => s.Next(3).Inputs.data<long>().ToArray()).ToArray();
        }
        var a = Run();
        Assert.Equal(a, Run());
        // 5 batches × 3 = 15 draws = two full passes over 7 users + 1: the first 14 rows hold every user exactly twice
        var users = Enumerable.Range(0, 15).Select(r => a[(r * 4)..(r * 4 + 4)].Max() / 10).ToArray();
        Assert.Equal(Enumerable.Range(0, 7).Select(x => (long)x), users.Take(7).OrderBy(x => x));
        Assert.Equal(Enumerable.Range(0, 7).Select(x => (long)x), users.Skip(7).Take(7).OrderBy(x => x));
    }
}
