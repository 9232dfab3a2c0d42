using SeqRecLab.Data;

namespace SeqRecLab.Evaluation;

/// <summary>
/// Leave-one-out split of a <see cref="SequenceDataset"/> (thesis §2, "leave-one-out"): per user, the last item is the
/// test target and the second-to-last the validation target.
/// </summary>
/// <remarks>
/// <para><b>Eligible users</b> have at least <see cref="MinInteractions"/> = 3 interactions. For them:</para>
/// <list type="bullet">
/// <item>test case: history = the sequence without its last item (it includes the validation item), target = last item;</item>
/// <item>validation case: history = the sequence without its last two items, target = second-to-last item;</item>
/// <item>training sequence = the sequence without its last two items, so training never sees a held-out item.
/// With <c>trainOnUnusedValidationItems: true</c>, users that are not in the validation subset train on the
/// sequence without its last item instead (the protocol of the authors' frameworks, where only validation users
/// lose their second-to-last item).</item>
/// </list>
/// <para><b>Users with fewer than 3 interactions</b> (0, 1 or 2) are kept in training with their whole sequence and
/// are in neither the validation nor the test cases: they cannot give a validation target, a test target and a
/// non-empty history. Their training sequence is empty for a user with no interactions.</para>
/// <para>The validation subset is drawn from the eligible users by a partial Fisher–Yates shuffle with the
/// <see cref="Random"/> passed in; the chosen users' cases are listed in increasing user order. Test cases cover
/// every eligible user, in increasing user order.</para>
/// </remarks>
public sealed class LeaveOneOut
{
    /// <summary>The fewest interactions a user needs to give a validation and a test case: 3.</summary>
    public const int MinInteractions = 3;

    /// <summary>The dataset that was split.</summary>
    public SequenceDataset Source { get; }

    /// <summary>Per user (aligned with <see cref="SequenceDataset.Sequences"/>), the training sequence.</summary>
    public IReadOnlyList<int[]> TrainSequences { get; }

    /// <summary>The training sequences as a dataset with the same name, item ids and user ids as <see cref="Source"/>.</summary>
    public SequenceDataset Train { get; }

    /// <summary>Validation cases, one per chosen user, in increasing user order.</summary>
    public IReadOnlyList<EvalCase> Validation { get; }

    /// <summary>Test cases, one per eligible user, in increasing user order.</summary>
    public IReadOnlyList<EvalCase> Test { get; }

    /// <summary>Number of users with at least <see cref="MinInteractions"/> interactions.</summary>
    public int EligibleUsers { get; }

    LeaveOneOut(SequenceDataset source, int[][] train, List<EvalCase> validation, List<EvalCase> test, int eligible)
    {
        Source = source;
        TrainSequences = train;
        Train = source with { Sequences = train };
        Validation = validation;
        Test = test;
        EligibleUsers = eligible;
    }

    /// <summary>
    /// Splits <paramref name="data"/>.
    /// </summary>
    /// <param name="data">The dataset; item ids must be in 1..NumItems.</param>
    /// <param name="validationUsers">How many eligible users get a validation case: null (default) for all of them,
    /// else 1..(number of eligible users); the studies use 512, 1024 or 2048.</param>
    /// <param name="random">Draws the validation subset; required when <paramref name="validationUsers"/> is set.</param>
    /// <param name="trainOnUnusedValidationItems">false (default): every eligible user trains without its last two
    /// items. true: only validation users lose their second-to-last item; the others train on all but the last.</param>
    public static LeaveOneOut Split(SequenceDataset data, int? validationUsers = null, Random? random = null,
        bool trainOnUnusedValidationItems = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var eligible = new List<int>();
        for (int u = 0; u < data.NumUsers; u++)
            if (data.Sequences[u].Length >= MinInteractions) eligible.Add(u);

        var inValidation = new bool[data.NumUsers];
        if (validationUsers is int n)
        {
            if (eligible.Count == 0)
                throw new ArgumentOutOfRangeException(nameof(validationUsers), n,
                    $"{nameof(validationUsers)} cannot be set: no user has ≥ {MinInteractions} interactions");
            if (n < 1 || n > eligible.Count)
                throw new ArgumentOutOfRangeException(nameof(validationUsers), n,
                    $"{nameof(validationUsers)} must be in [1, {eligible.Count}] (the users with ≥ {MinInteractions} interactions), or null for all; got {n}");
            ArgumentNullException.ThrowIfNull(random, nameof(random));
            var pool = eligible.ToArray();
            for (int i = 0; i < n; i++)
            {
                int j = random.Next(i, pool.Length);
                (pool[i], pool[j]) = (pool[j], pool[i]);
                inValidation[pool[i]] = true;
            }
        }
        else
        {
            foreach (var u in eligible) inValidation[u] = true;
        }

        var train = new int[data.NumUsers][];
        var validation = new List<EvalCase>();
        var test = new List<EvalCase>();
        for (int u = 0; u < data.NumUsers; u++)
        {
            var s = data.Sequences[u];
            if (s.Length < MinInteractions)
            {
                train[u] = s.ToArray();
                continue;
            }
            foreach (var item in s)
                if (item < 1 || item > data.NumItems)
                    throw new ArgumentException($"{data.Name}: user {u} has item id {item}, outside 1..{data.NumItems}", nameof(data));
            train[u] = trainOnUnusedValidationItems && !inValidation[u] ? s[..^1] : s[..^2];
            if (inValidation[u]) validation.Add(new EvalCase(u, s[..^2], s[^2]));
            test.Add(new EvalCase(u, s[..^1], s[^1]));
        }
        return new LeaveOneOut(data, train, validation, test, eligible.Count);
    }
}
