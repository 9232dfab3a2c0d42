using System.Runtime.CompilerServices;

namespace SeqRecLab;

/// <summary>Argument checks that fail at once with the parameter's name and its allowed range.</summary>
public static class Check
{
    /// <summary>Requires <paramref name="value"/> &gt; 0.</summary>
    public static int Positive(int value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive (≥ 1); got {value}");

    /// <summary>Requires <paramref name="value"/> &gt; 0.</summary>
    public static double Positive(double value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value > 0 && !double.IsNaN(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be > 0; got {value}");

    /// <summary>Requires <paramref name="value"/> ≥ 0.</summary>
    public static int NonNegative(int value, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be ≥ 0; got {value}");

    /// <summary>Requires <paramref name="min"/> ≤ <paramref name="value"/> ≤ <paramref name="max"/>.</summary>
    public static double InRange(double value, double min, double max, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}]; got {value}");

    /// <summary>Requires <paramref name="min"/> ≤ <paramref name="value"/> ≤ <paramref name="max"/>.</summary>
    public static int InRange(int value, int min, int max, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value >= min && value <= max ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}]; got {value}");

    /// <summary>Requires <paramref name="value"/> &lt; <paramref name="limit"/>, naming what the limit is.</summary>
    public static int Below(int value, int limit, string limitName, [CallerArgumentExpression(nameof(value))] string name = "") =>
        value < limit ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be < {limitName} ({limit}); got {value}");
}
