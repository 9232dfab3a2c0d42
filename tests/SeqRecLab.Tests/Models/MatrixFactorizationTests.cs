using SeqRecLab.Backend;
using SeqRecLab.Baselines;
using SeqRecLab.Data;
using SeqRecLab.Evaluation;
using SeqRecLab.Models;
using SeqRecLab.Training;
using SeqRecLab.Training.Losses;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Models;

/// <summary>MF-BPR: scores, the evaluator's by-user path, the pair sampler's distribution, the BPR loss, and training.</summary>
public class MatrixFactorizationTests
{
    public MatrixFactorizationTests() => TorchBackend.Initialize("cpu");

    [Fact]
    public void User_scores_are_user_times_item_factors_plus_item_bias()
    {
        manual_seed(1);
        using var mf = new MatrixFactorization(numUsers: 3, numItems: 5, factors: 4);
        using (no_grad()) mf.OutputBias.copy_(arange(6, dtype: float32) / 10);
        using var users = tensor(new long[] { 2, 0 });
        using var scores = mf.ScoreUsers(users);
        Assert.Equal(new long[] { 2, 6 }, scores.shape);
        var u = mf.state_dict()["users.weight"];
        using var expected = u.index_select(0, users).matmul(mf.OutputEmbeddings.t()) + mf.OutputBias;
        Assert.True(scores.allclose(expected));
        Assert.Equal(0f, mf.OutputEmbeddings[0].abs().sum().item<float>());   // padding item
        Assert.Throws<NotSupportedException>(() => mf.ScoreAll(users.unsqueeze(1)));
    }

    [Fact]
    public void The_evaluator_scores_it_by_user_index()
    {
        // user u's factor is the one-hot e_u and item u+1's factor too: each user ranks item u+1 first
        using var mf = new MatrixFactorization(numUsers: 3, numItems: 4, factors: 3);
        using (no_grad())
        {
            mf.state_dict()["users.weight"].copy_(eye(3));
            var items = mf.OutputEmbeddings;
            items.zero_();
            items[TensorIndex.Slice(1, 4)] = eye(3);
        }
        var hits = new[] { new EvalCase(0, [4], 1), new EvalCase(1, [4], 2), new EvalCase(2, [4], 3) };
        Assert.Equal(1.0, Evaluator.Evaluate(mf, hits, ks: [1])["HR@1"], 6);
        var misses = new[] { new EvalCase(0, [4], 2), new EvalCase(1, [4], 3) };   // the target is not the user's item
        Assert.Equal(0.0, Evaluator.Evaluate(mf, misses, ks: [1])["HR@1"], 6);
    }

    [Fact]
    public void Pairs_are_drawn_uniformly_from_the_interactions()
    {
        int[][] train = [[1, 2, 3, 4], [5], [6, 7, 8, 9, 10, 11, 12], [], [2, 2]];
        var sampler = new UserItemSampler(train, CPU);
        Assert.Equal(4, sampler.NumSequences);
        Assert.Equal(14, sampler.NumInteractions);
        manual_seed(7);
        var counts = new long[5];
        var pairsOk = true;
        for (int i = 0; i < 40; i++)
        {
            var b = sampler.Next(500);
            var us = b.Inputs.reshape(-1).data<long>().ToArray();
            var its = b.Targets.reshape(-1).data<long>().ToArray();
            Assert.Equal(new long[] { 500, 1 }, b.Inputs.shape);
            for (int j = 0; j < us.Length; j++) { counts[us[j]]++; pairsOk &= train[us[j]].Contains((int)its[j]); }
        }
        Assert.True(pairsOk, "every drawn item belongs to its user");
        var chi = ChiSquareTest.GoodnessOfFit(counts, train.Select(s => s.Length / 14.0).ToArray());
        Assert.True(chi.P > 0.001, $"user frequencies ≠ interaction shares: χ² = {chi.Statistic:F1}, p = {chi.P:G3}");
    }

    [Fact]
    public void Bpr_loss_is_minus_log_sigmoid_of_the_score_difference()
    {
        manual_seed(3);
        using var mf = new MatrixFactorization(numUsers: 4, numItems: 6, factors: 3);
        var batch = new TrainingBatch(tensor(new long[] { 0, 1, 2, 3 }).unsqueeze(1), tensor(new long[] { 1, 2, 0, 6 }).unsqueeze(1));
        var hidden = mf.Encode(batch.Inputs);
        manual_seed(11);
        var loss = new BprLoss().Compute(mf, hidden, batch).item<float>();
        manual_seed(11);
        var (logits, mask) = SampledLogits.Compute(mf, hidden, batch, 1);   // the same negatives
        var l = logits.reshape(4, 2).data<float>().ToArray();
        double sum = 0;
        foreach (var r in new[] { 0, 1, 3 }) sum += -Math.Log(1 / (1 + Math.Exp(-(l[2 * r] - l[2 * r + 1]))));   // row 2 has no target
        Assert.Equal(sum / 3, loss, 5);
        Assert.Equal(3f, mask.sum().item<float>());
    }

    [Fact]
    public void Mf_bpr_beats_most_popular_on_synthetic_data()
    {
        var data = SyntheticDataset.Generate(seed: 3, new SyntheticOptions(NumUsers: 1000, NumItems: 500, MeanLength: 30));
        var split = LeaveOneOut.Split(data, validationUsers: 256, random: new Random(3));
        Seed.Everything(5);
        using var mf = new MatrixFactorization(data.NumUsers, data.NumItems, factors: 32);
        Trainer.Fit(mf, new UserItemSampler(split.TrainSequences, CPU), new BprLoss(),
            new TrainerConfig(BatchSize: 256, StepsPerEpoch: 100, MaxEpochs: 6, LearningRate: 1e-2),
            validate: m => Evaluator.Evaluate(m, split.Validation, ks: [10])["NDCG@10"], onProgress: _ => { });
        var ours = Evaluator.Evaluate(mf, split.Test, ks: [10]);
        using var pop = new MostPopular(split.TrainSequences, data.NumItems);
        var baseline = Evaluator.Evaluate(pop, split.Test, ks: [10]);
        Assert.True(ours["NDCG@10"] > 1.5 * baseline["NDCG@10"], $"MF-BPR NDCG@10 {ours["NDCG@10"]:F4} vs most-popular {baseline["NDCG@10"]:F4}");
    }
}
