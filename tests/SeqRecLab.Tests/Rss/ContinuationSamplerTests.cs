using SeqRecLab.Backend;
using SeqRecLab.Training;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Rss;

public class ContinuationSamplerTests
{
    public ContinuationSamplerTests() => TorchBackend.Initialize("cpu");

    [Fact]
    public void Input_is_the_prefix_and_targets_are_the_last_k_items()
    {
        // k = 1, L = 4: 1..7 → input 3 4 5 6, target 7; 8 9 → input 0 0 0 8, target 9; a 1-item user is left out
        var s = new ContinuationSampler(new[] { new[] { 1, 2, 3, 4, 5, 6, 7 }, new[] { 8, 9 }, new[] { 5 } }, 4, CPU);
        Assert.Equal(2, s.NumSequences);
        manual_seed(0);
        var b = s.Next(2);
        var rows = Enumerable.Range(0, 2).Select(r => (string.Join(" ", b.Inputs[r].data<long>().ToArray()), string.Join(" ", b.Targets[r].data<long>().ToArray())))
            .OrderBy(x => x).ToArray();
        Assert.Equal(new[] { ("0 0 0 8", "9"), ("3 4 5 6", "7") }, rows);

        // k = 2: 1..7 → input 2 3 4 5, targets 6 7; 8 9 has no input and is left out
        var s2 = new ContinuationSampler(new[] { new[] { 1, 2, 3, 4, 5, 6, 7 }, new[] { 8, 9 } }, 4, CPU, suffixLength: 2);
        Assert.Equal(1, s2.NumSequences);
        var b2 = s2.Next(1);
        Assert.Equal(new long[] { 2, 3, 4, 5 }, b2.Inputs.data<long>().ToArray());
        Assert.Equal(new long[] { 6, 7 }, b2.Targets.data<long>().ToArray());
    }

    [Fact]
    public void Bad_arguments_fail()
    {
        var e = Assert.Throws<ArgumentException>(() => new ContinuationSampler(new[] { new[] { 1 } }, 4, CPU));
        Assert.Contains("more than 1", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ContinuationSampler(new[] { new[] { 1, 2 } }, 4, CPU, suffixLength: 0));
    }

    [Fact]
    public void Shuffled_order_gives_each_index_once_per_pass()
    {
        manual_seed(1);
        var order = new ShuffledOrder(5, CPU);
        var drawn = Enumerable.Range(0, 4).SelectMany(_ => order.Next(3).data<long>().ToArray()).ToArray();   // 12 = 2 passes + 2
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, drawn.Take(5).OrderBy(x => x));
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, drawn.Skip(5).Take(5).OrderBy(x => x));
    }
}
