using static TorchSharp.torch;

namespace SeqRecLab.Training;

/// <summary>
/// A recency importance function f(k) of RSS (thesis §4.3, Eqs. 4.3–4.11): for a sequence of n items, position
/// k = 0…n−1 (n−1 = the most recent) is drawn as a target with probability p(k) = f(k) / Σ_j f(j) (Eq. 4.5).
/// Two families: <see cref="Exponential"/> f(k) = αⁿ⁻ᵏ (Eq. 4.6) and <see cref="Power"/>
/// f(k) = ((k+1)/(n+1))^(e^β) (Eq. 4.8). Everything is computed from log f, so tiny α or large β never overflow or
/// underflow to a 0/0: the normalised probabilities are a softmax of the log-weights.
/// </summary>
public sealed class RecencyImportance
{
    readonly bool exponential;
    readonly double parameter;   // log α for the exponential, τ = e^β for the power family

    RecencyImportance(bool exponential, double parameter, string name)
    {
        this.exponential = exponential;
        this.parameter = parameter;
        Name = name;
    }

    /// <summary>Short name for tables and charts, e.g. <c>exp α=0.8</c> or <c>pow β=2.25</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Exponential importance f(k) = αⁿ⁻ᵏ (Eq. 4.6), 0 &lt; α ≤ 1. α = 1 is uniform; α → 0 draws only the last
    /// item (Sequence Continuation). The thesis default is α = 0.8. α = 0 exactly is rejected (0/0, pitfall 6):
    /// use e.g. 0.01.
    /// </summary>
    public static RecencyImportance Exponential(double alpha)
    {
        if (!(alpha > 0 && alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, $"{nameof(alpha)} must be in (0, 1]; got {alpha}");
        return new RecencyImportance(true, Math.Log(alpha), $"exp α={alpha:0.###}");
    }

    /// <summary>
    /// Power importance f(k) = ((k+1)/(n+1))^τ with τ = e^β (Eq. 4.8), β in [−20, 20]. β → −∞ is uniform, β = 0
    /// linear, β &gt; 0 faster than linear; the thesis searches β ∈ (−2, 6) and finds β = 2.25 best.
    /// </summary>
    public static RecencyImportance Power(double beta)
    {
        Check.InRange(beta, -20.0, 20.0);
        return new RecencyImportance(false, Math.Exp(beta), $"pow β={beta:0.###}");
    }

    /// <summary>log f(k) for position <paramref name="k"/> (0-based, chronological) of a sequence of <paramref name="n"/> items.</summary>
    public double LogWeight(int k, int n)
    {
        Check.Positive(n);
        Check.InRange(k, 0, n - 1);
        return exponential ? (n - k) * parameter : parameter * (Math.Log(k + 1) - Math.Log(n + 1));
    }

    /// <summary>
    /// The sampling probabilities p(0…n−1) of Eq. 4.5 for a sequence of <paramref name="n"/> ≥ 1 items, computed in
    /// double precision (index n−1 = the most recent item); they sum to 1. This is what Fig. 4.5 plots.
    /// </summary>
    public double[] Probabilities(int n)
    {
        Check.Positive(n);
        var logw = new double[n];
        for (int k = 0; k < n; k++) logw[k] = LogWeight(k, n);
        double max = logw.Max(), sum = 0;
        var p = new double[n];
        for (int k = 0; k < n; k++) sum += p[k] = Math.Exp(logw[k] - max);
        for (int k = 0; k < n; k++) p[k] /= sum;
        return p;
    }

    /// <summary>
    /// log f(k) on the device for broadcastable tensors of positions <paramref name="k"/> (chronological, 0-based)
    /// and lengths <paramref name="n"/> (both int64); float32 result. Entries with k ≥ n are meaningless and must be
    /// masked by the caller.
    /// </summary>
    public Tensor LogWeights(Tensor k, Tensor n) => exponential
        ? (n - k).to(ScalarType.Float32) * parameter
        : ((k + 1).to(ScalarType.Float32).log() - (n + 1).to(ScalarType.Float32).log()) * parameter;

    /// <inheritdoc />
    public override string ToString() => Name;
}
