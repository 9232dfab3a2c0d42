using SeqRecLab.Data;
using SeqRecLab.Evaluation;

namespace SeqRecLab.Tests.Evaluation;

public class LeaveOneOutTests
{
    // users: 0 → [1 2 3 4], 1 → [5 6] (too short), 2 → [] (empty), 3 → [2 7 9], 4 → [8]
    static SequenceDataset Tiny() => new("tiny", 9,
        [[1, 2, 3, 4], [5, 6], [], [2, 7, 9], [8]]);

    [Fact]
    public void Split_boundaries_on_a_tiny_dataset()
    {
        var s = LeaveOneOut.Split(Tiny());
        Assert.Equal(2, s.EligibleUsers); // users 0 and 3 have ≥ 3 interactions
        // training: eligible users lose their last two items; short users keep everything
        Assert.Equal([1, 2], s.TrainSequences[0]);
        Assert.Equal([5, 6], s.TrainSequences[1]);
        Assert.Empty(s.TrainSequences[2]);
        Assert.Equal([2], s.TrainSequences[3]);
        Assert.Equal([8], s.TrainSequences[4]);
        Assert.Same(s.TrainSequences, s.Train.Sequences);
        Assert.Equal(9, s.Train.NumItems);
        // validation: history = all but last two, target = second-to-last
        Assert.Equal(2, s.Validation.Count);
        Assert.Equal(0, s.Validation[0].User); Assert.Equal([1, 2], s.Validation[0].History); Assert.Equal(3, s.Validation[0].Target);
        Assert.Equal(3, s.Validation[1].User); Assert.Equal([2], s.Validation[1].History); Assert.Equal(7, s.Validation[1].Target);
        // test: history = all but last (includes the validation item), target = last
        Assert.Equal(2, s.Test.Count);
        Assert.Equal(0, s.Test[0].User); Assert.Equal([1, 2, 3], s.Test[0].History); Assert.Equal(4, s.Test[0].Target);
        Assert.Equal(3, s.Test[1].User); Assert.Equal([2, 7], s.Test[1].History); Assert.Equal(9, s.Test[1].Target);
        // the source is untouched
        Assert.Equal([1, 2, 3, 4], Tiny().Sequences[0]);
    }

    [Fact]
    public void Training_never_contains_a_held_out_position()
    {
        var data = Tiny();
        var s = LeaveOneOut.Split(data);
        foreach (var c in s.Test)
            Assert.Equal(data.Sequences[c.User].Length - 2, s.TrainSequences[c.User].Length);
    }

    [Fact]
    public void Unused_validation_items_can_stay_in_training()
    {
        var data = new SequenceDataset("d", 9, [[1, 2, 3, 4], [2, 7, 9], [5, 6, 8, 1, 3]]);
        // With 1 validation user, the two others train on all but their last item.
        var s = LeaveOneOut.Split(data, validationUsers: 1, random: new Random(5), trainOnUnusedValidationItems: true);
        int v = Assert.Single(s.Validation).User;
        for (int u = 0; u < 3; u++)
        {
            int expected = data.Sequences[u].Length - (u == v ? 2 : 1);
            Assert.Equal(data.Sequences[u][..expected], s.TrainSequences[u]);
        }
    }

    static SequenceDataset Many(int users) =>
        new("many", 5, Enumerable.Range(0, users).Select(u => new[] { 1, 2, 3, 4, 5 }).ToList());

    [Fact]
    public void Validation_subset_has_the_requested_size_and_depends_only_on_the_seed()
    {
        var data = Many(50);
        var a = LeaveOneOut.Split(data, 12, new Random(42));
        var b = LeaveOneOut.Split(data, 12, new Random(42));
        var c = LeaveOneOut.Split(data, 12, new Random(43));
        Assert.Equal(12, a.Validation.Count);
        Assert.Equal(12, a.Validation.Select(x => x.User).Distinct().Count());
        Assert.Equal(a.Validation.Select(x => x.User), b.Validation.Select(x => x.User));
        Assert.NotEqual(a.Validation.Select(x => x.User), c.Validation.Select(x => x.User));
        Assert.Equal(a.Validation.Select(x => x.User).Order(), a.Validation.Select(x => x.User)); // increasing user order
        Assert.Equal(50, a.Test.Count); // test covers every eligible user
    }

    [Fact]
    public void Validation_subset_only_draws_eligible_users()
    {
        // users 1 and 2 are too short: a subset of 2 must be {0, 3}
        var s = LeaveOneOut.Split(Tiny(), 2, new Random(1));
        Assert.Equal([0, 3], s.Validation.Select(x => x.User));
    }

    [Fact]
    public void Too_large_subset_fails_naming_the_parameter_and_range()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => LeaveOneOut.Split(Tiny(), 3, new Random(1)));
        Assert.Equal("validationUsers", e.ParamName);
        Assert.Contains("[1, 2]", e.Message);
        Assert.Contains("got 3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LeaveOneOut.Split(Tiny(), 0, new Random(1)));
        Assert.Throws<ArgumentNullException>(() => LeaveOneOut.Split(Tiny(), 2, random: null));
    }
}
