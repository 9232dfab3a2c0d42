using SeqRecLab.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SeqRecLab.Tests.Evaluation;

/// <summary>
/// Test double: the score row for a history is looked up by the history's last item (0 for an empty history),
/// from a fixed table [NumItems + 1 rows, NumItems + 1 columns]. Records how it was called.
/// </summary>
sealed class FakeRecommender : ISequentialRecommender
{
    readonly float[,] table;
    public int NumItems { get; }
    public int MaxLength { get; }
    public Device Device => CPU;
    public List<long[]> Calls { get; } = new(); // the histories tensor of each call, flattened
    public List<bool> GradEnabled { get; } = new();

    public FakeRecommender(float[,] table, int maxLength)
    {
        this.table = table;
        NumItems = table.GetLength(1) - 1;
        MaxLength = maxLength;
    }

    /// <summary>Every last item gets the same score row.</summary>
    public static FakeRecommender Constant(float[] row, int maxLength = 3)
    {
        var t = new float[row.Length, row.Length];
        for (int r = 0; r < row.Length; r++)
            for (int c = 0; c < row.Length; c++) t[r, c] = row[c];
        return new FakeRecommender(t, maxLength);
    }

    public Tensor ScoreAll(Tensor histories)
    {
        GradEnabled.Add(torch.is_grad_enabled());
        Calls.Add(histories.cpu().data<long>().ToArray());
        using var tab = torch.tensor(Flatten(), [NumItems + 1, NumItems + 1]);
        using var last = histories[TensorIndex.Colon, -1];
        return tab.index_select(0, last);
    }

    float[] Flatten()
    {
        var f = new float[table.Length];
        Buffer.BlockCopy(table, 0, f, 0, f.Length * sizeof(float));
        return f;
    }
}
