using SeqRecLab.Backend;
using SeqRecLab.Training;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Bert4Rec;

public class MaskedItemSamplerTests
{
    const int MaskToken = 10_000;

    public MaskedItemSamplerTests() => TorchBackend.Initialize("cpu");

    /// <summary>User u's sequence is u·100 + 1, …, u·100 + length: every id tells its user and position.</summary>
    static int[][] Sequences(params int[] lengths) =>
        lengths.Select((n, u) => Enumerable.Range(1, n).Select(k => u * 100 + k).ToArray()).ToArray();

    /// <summary>The window the sampler should use for the row: the user's last L items, left-padded with 0.</summary>
    static long[] ExpectedWindow(int[][] seqs, long[] inputs, long[] targets, int l)
    {
        long any = inputs.Concat(targets).First(v => v != 0 && v != MaskToken);
        var s = seqs[(int)((any - 1) / 100)];
        var w = new long[l];
        int n = Math.Min(l, s.Length);
        for (int i = 0; i < n; i++) w[l - n + i] = s[s.Length - n + i];
        return w;
    }

    static (long[][] Inputs, long[][] Targets) Rows(TrainingBatch batch)
    {
        long b = batch.Inputs.shape[0], l = batch.Inputs.shape[1];
        var x = batch.Inputs.data<long>().ToArray();
        var y = batch.Targets.data<long>().ToArray();
        return (Enumerable.Range(0, (int)b).Select(r => x.Skip(r * (int)l).Take((int)l).ToArray()).ToArray(),
                Enumerable.Range(0, (int)b).Select(r => y.Skip(r * (int)l).Take((int)l).ToArray()).ToArray());
    }

    [Theory]
    // min(maxPredictions, max(1, round(p · length)), window)
    [InlineData(10, 10, 0.2, 20, 2)]   // round(2.0) = 2
    [InlineData(3, 3, 0.2, 20, 1)]     // round(0.6) = 1
    [InlineData(1, 1, 0.2, 20, 1)]     // round(0.2) = 0 → at least 1
    [InlineData(13, 13, 0.2, 20, 3)]   // round(2.6) = 3
    [InlineData(200, 50, 0.2, 20, 20)] // round(40) capped by maxPredictions
    [InlineData(10, 2, 1.0, 20, 2)]    // capped by the window
    [InlineData(5, 5, 0.5, 20, 2)]     // round(2.5) = 2 (half to even, Python 3)
    [InlineData(7, 7, 0.5, 20, 4)]     // round(3.5) = 4 (half to even)
    public void Masks_per_sequence_follow_the_rule(int length, int window, double p, int maxPredictions, int expected) =>
        Assert.Equal(expected, MaskedItemSampler.MasksFor(length, window, p, maxPredictions));

    [Fact]
    public void Each_row_masks_its_count_never_padding_with_the_mask_token_and_targets_the_original_items()
    {
        manual_seed(1);
        // lengths 1, 3, 10, 30 with L = 8: masks (full history) 1, 1, 2, round(6) = 6
        var seqs = Sequences(1, 3, 10, 30);
        var expectedMasks = new[] { 1, 1, 2, 6 };
        using var sampler = new MaskedItemSampler(seqs, 8, MaskToken, CPU);
        for (int draw = 0; draw < 50; draw++)
        {
            using var scope = NewDisposeScope();
            var (inputs, targets) = Rows(sampler.Next(4));
            for (int r = 0; r < 4; r++)
            {
                var w = ExpectedWindow(seqs, inputs[r], targets[r], 8);
                int user = (int)((w[^1] - 1) / 100);
                int masked = 0;
                for (int i = 0; i < 8; i++)
                {
                    if (inputs[r][i] == MaskToken)
                    {
                        masked++;
                        Assert.NotEqual(0, w[i]);              // never padding
                        Assert.Equal(w[i], targets[r][i]);     // target = the original item
                    }
                    else
                    {
                        Assert.Equal(w[i], inputs[r][i]);      // unmasked positions unchanged
                        Assert.Equal(0, targets[r][i]);        // and without a target
                    }
                }
                Assert.Equal(expectedMasks[user], masked);
            }
        }
    }

    [Fact]
    public void Every_item_position_is_masked_with_probability_p()
    {
        manual_seed(2);
        // 50 users with 10 items, L = 15 (5 padding slots): 2 masks of 10 items, so each item position is masked with p = 0.2
        using var sampler = new MaskedItemSampler(Sequences(Enumerable.Repeat(10, 50).ToArray()), 15, MaskToken, CPU);
        var counts = new long[15];
        for (int draw = 0; draw < 40; draw++)                 // 40 × 50 = 2,000 rows
        {
            using var scope = NewDisposeScope();
            var (inputs, _) = Rows(sampler.Next(50));
            foreach (var row in inputs)
                for (int i = 0; i < 15; i++) if (row[i] == MaskToken) counts[i]++;
        }
        for (int i = 0; i < 5; i++) Assert.Equal(0, counts[i]);
        // Binomial(2000, 0.2): mean 400, sd √(2000·0.2·0.8) = 17.9; allow ±5 sd
        for (int i = 5; i < 15; i++) Assert.InRange(counts[i], 310, 490);
        Assert.Equal(2 * 2000, counts.Sum());                 // exactly 2 per row: the masking rate is 2 / 10 = p
    }

    [Fact]
    public void Last_item_masking_replaces_the_random_masks_with_probability_q()
    {
        manual_seed(3);
        using var always = new MaskedItemSampler(Sequences(10, 10, 10), 10, MaskToken, CPU, lastItemProbability: 1.0);
        var (inputs, targets) = Rows(always.Next(3));
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(new long[] { MaskToken }, inputs[r][^1..]);
            Assert.Equal(1, inputs[r].Count(v => v == MaskToken));
            Assert.NotEqual(0, targets[r][^1]);
            Assert.Equal(targets[r][^1], targets[r].Sum());   // the only target is the last item
        }

        using var half = new MaskedItemSampler(Sequences(Enumerable.Repeat(10, 50).ToArray()), 10, MaskToken, CPU, lastItemProbability: 0.5);
        int lastOnly = 0;
        for (int draw = 0; draw < 40; draw++)
        {
            using var scope = NewDisposeScope();
            var (x, _) = Rows(half.Next(50));
            lastOnly += x.Count(row => row.Count(v => v == MaskToken) == 1);   // random masking always masks 2 here
        }
        // Binomial(2000, 0.5): mean 1000, sd 22.4; allow ±5 sd
        Assert.InRange(lastOnly, 888, 1112);
    }

    [Fact]
    public void One_pass_visits_every_user_once_and_drops_the_remainder()
    {
        manual_seed(4);
        var seqs = Sequences(Enumerable.Repeat(5, 10).ToArray());
        using var sampler = new MaskedItemSampler(seqs, 5, MaskToken, CPU);
        int UserOf(long[] x, long[] y) => (int)((ExpectedWindow(seqs, x, y, 5)[^1] - 1) / 100);
        var seen = new List<int>();
        for (int s = 0; s < 2; s++)
        {
            var (x, y) = Rows(sampler.Next(5));
            seen.AddRange(x.Select((row, r) => UserOf(row, y[r])));
        }
        Assert.Equal(Enumerable.Range(0, 10), seen.Order());

        // batch 4: two batches take 8 distinct users; the third starts a new permutation
        var (a, ya) = Rows(sampler.Next(4));
        var (b, yb) = Rows(sampler.Next(4));
        var users = a.Select((row, r) => UserOf(row, ya[r])).Concat(b.Select((row, r) => UserOf(row, yb[r]))).ToList();
        Assert.Equal(8, users.Distinct().Count());
    }

    [Fact]
    public void Same_seed_gives_the_same_batches()
    {
        var seqs = Sequences(4, 9, 12, 30, 7);
        long[] Draw()
        {
            manual_seed(5);
            using var sampler = new MaskedItemSampler(seqs, 6, MaskToken, CPU, lastItemProbability: 0.3);
            return Enumerable.Range(0, 6).SelectMany(_ => sampler.Next(3).Inputs.data<long>().ToArray()).ToArray();
        }
        Assert.Equal(Draw(), Draw());
    }

    [Fact]
    public void Bad_arguments_fail_naming_the_parameter()
    {
        var seqs = Sequences(3, 4);
        Assert.Equal("maskProbability", Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedItemSampler(seqs, 5, MaskToken, CPU, maskProbability: 0)).ParamName);
        Assert.Equal("maxLength", Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedItemSampler(seqs, 0, MaskToken, CPU)).ParamName);
        Assert.Equal("maxPredictions", Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedItemSampler(seqs, 5, MaskToken, CPU, maxPredictions: 0)).ParamName);
        Assert.Equal("lastItemProbability", Assert.Throws<ArgumentOutOfRangeException>(() => new MaskedItemSampler(seqs, 5, MaskToken, CPU, lastItemProbability: 1.5)).ParamName);
        Assert.Equal("trainingSequences", Assert.Throws<ArgumentException>(() => new MaskedItemSampler(seqs, 5, 102, CPU)).ParamName); // 102 is an item
        using var sampler = new MaskedItemSampler(seqs, 5, MaskToken, CPU);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Next(3)).ParamName);
    }
}
