namespace SeqRecLab.Charts;

/// <summary>One named line of (x, y) points, e.g. NDCG@10 against the hidden size for one dataset.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="X">X values, same length as <paramref name="Y"/>.</param>
/// <param name="Y">Y values; NaN marks a missing point (drawn as a gap).</param>
public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>One named group of bars: one value per category, null where there is none (no bar drawn).</summary>
/// <param name="Name">Legend label, e.g. <c>ours</c> or <c>paper</c>.</param>
/// <param name="Values">Per category, in the categories' order.</param>
public sealed record BarSeries(string Name, IReadOnlyList<double?> Values);

/// <summary>What the x-axis of a learning curve shows.</summary>
public enum CurveAxis
{
    /// <summary>The 1-based epoch number.</summary>
    Epoch,
    /// <summary>Wall-clock minutes since training began.</summary>
    ElapsedMinutes,
    /// <summary>Optimiser steps since training began (samples seen = steps × batch size).</summary>
    Step,
}
