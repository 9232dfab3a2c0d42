namespace SeqRecLab.Executor;

/// <summary>How <see cref="NotebookRunner.RunAsync"/> runs a notebook.</summary>
public sealed class RunOptions
{
    /// <summary>Parameter overrides (<c>--param Name=value</c>), in order; see <see cref="ParameterInjector"/>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>The folder the executed notebook, HTML report and results JSON go to. Default: <c>out/&lt;notebook name&gt;/</c> under the current directory.</summary>
    public string? OutputFolder { get; init; }

    /// <summary>Longest time one cell may run (null: no limit). Must be positive.</summary>
    public TimeSpan? CellTimeout { get; init; }

    /// <summary>Longest time the whole notebook may run (null: no limit). Must be positive.</summary>
    public TimeSpan? TotalTimeout { get; init; }

    /// <summary>Where cell outputs are echoed as text (default: the console's standard output at the time of the call).</summary>
    public TextWriter? Echo { get; init; }

    /// <summary>Where per-cell progress lines and failures are printed (default: the console's standard error at the time of the call).</summary>
    public TextWriter? Progress { get; init; }
}
