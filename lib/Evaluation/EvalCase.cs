namespace SeqRecLab.Evaluation;

/// <summary>One held-out prediction task: given <paramref name="History"/>, rank <paramref name="Target"/>.</summary>
/// <param name="User">User index (position in <see cref="Data.SequenceDataset.Sequences"/>).</param>
/// <param name="History">The model input in chronological order (the whole prefix; the evaluator keeps the last
/// <c>MaxLength</c> items for the model, and uses the whole prefix when removing seen items).</param>
/// <param name="Target">The held-out item id (1..NumItems).</param>
public sealed record EvalCase(int User, int[] History, int Target);
