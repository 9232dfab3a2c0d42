using SeqRecLab.Backend;
using SeqRecLab.Baselines;
using SeqRecLab.Data;
using SeqRecLab.Evaluation;

namespace SeqRecLab.Tests.Evaluation;

public class RealDataTests
{
    static string? DataFile(string relative)
    {
        var path = Path.Combine(TestPaths.SharedData, relative);
        return File.Exists(path) ? path : null;
    }

    [SkippableFact]
    public void MostPopular_on_ml1m_proxy_agrees_with_a_host_computation()
    {
        var path = DataFile(Path.Combine("ml-1m-proxy", "sequences.txt"));
        Skip.If(path is null, "../shared/data/ml-1m-proxy/sequences.txt is not present");
        TorchBackend.Initialize("cpu");
        var data = Datasets.LoadFile(path!, DataFormat.ItemLines, Recipe.AsIs, "ml-1m-proxy").Validate();
        Assert.Equal((6040, 3416), (data.NumUsers, data.NumItems)); // as in the data README

        var split = LeaveOneOut.Split(data, validationUsers: 512, random: new Random(42));
        Assert.Equal(512, split.Validation.Count);
        Assert.Equal(split.EligibleUsers, split.Test.Count);
        // every eligible user loses exactly its last two interactions; shorter users keep theirs
        Assert.Equal(data.NumInteractions - 2L * split.EligibleUsers, split.Train.NumInteractions);

        using var model = new MostPopular(split.TrainSequences, data.NumItems);
        var result = Evaluator.Evaluate(model, split.Test, ks: [10], batchSize: 512);
        // host recomputation of (greater, ties) for every 50th user
        for (int c = 0; c < split.Test.Count; c += 50)
        {
            var cs = split.Test[c];
            var seen = cs.History.ToHashSet();
            long t = model.Counts[cs.Target];
            int g = 0, tie = 0;
            for (int i = 1; i <= data.NumItems; i++)
            {
                if (i == cs.Target || seen.Contains(i)) continue;
                if (model.Counts[i] > t) g++; else if (model.Counts[i] == t) tie++;
            }
            Assert.Equal((g, tie), (result.Greater[c], result.Ties[c]));
        }
        // popularity-sampled metrics rank among 101 items only, so they are at least the full-ranking ones per user
        var negatives = NegativeSampler.Sample(split.Test, data.NumItems, 100, NegativeDistribution.Popularity, new Random(1),
            NegativeSampler.ItemCounts(split.TrainSequences, data.NumItems));
        var sampled = Evaluator.Evaluate(model, split.Test, ks: [10], batchSize: 512, negatives: negatives);
        for (int c = 0; c < split.Test.Count; c++)
            Assert.True(sampled.Greater[c] + sampled.Ties[c] <= result.Greater[c] + result.Ties[c]);
        Assert.True(sampled["NDCG@10"] > result["NDCG@10"], $"sampled {sampled} / full {result}");
    }
}
