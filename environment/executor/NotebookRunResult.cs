using Microsoft.DotNet.Interactive.Documents;

namespace SeqRecLab.Executor;

/// <summary>Which cell failed and why.</summary>
/// <param name="CellNumber">1-based position among all cells of the executed notebook (the injected parameters cell counts).</param>
/// <param name="CodeCellIndex">1-based position among the code cells.</param>
/// <param name="FirstLine">The cell's first non-blank line.</param>
/// <param name="ErrorType">The exception's type (e.g. <c>System.InvalidOperationException</c>), <c>CompilationError</c>, <c>Timeout</c> or <c>UnsupportedLanguage</c>.</param>
/// <param name="Message">The exception message, or the compiler diagnostics with their line numbers (one per line).</param>
public sealed record CellFailure(int CellNumber, int CodeCellIndex, string FirstLine, string ErrorType, string Message)
{
    /// <summary>One message naming the cell, its first line, and the error.</summary>
    public override string ToString() => $"cell {CellNumber} (code cell {CodeCellIndex}) failed: \"{FirstLine}\"\n  {ErrorType}: {Message.Replace("\n", "\n  ")}";
}

/// <summary>The outcome of one notebook run.</summary>
public sealed class NotebookRunResult
{
    /// <summary>The notebook that was run (absolute path).</summary>
    public required string NotebookPath { get; init; }

    /// <summary>True when every cell ran without error.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Why the run failed (null on success): a cell failure's text, or a setup error such as an unknown parameter.</summary>
    public string? Error { get; init; }

    /// <summary>The failing cell, when a cell failed (null for setup errors).</summary>
    public CellFailure? Failure { get; init; }

    /// <summary>True when a cell was stopped by <see cref="RunOptions.CellTimeout"/> or <see cref="RunOptions.TotalTimeout"/>.</summary>
    public bool TimedOut { get; init; }

    /// <summary>True when a timed-out cell's thread is still running (it cannot be killed): a command-line run should exit now.</summary>
    public bool Abandoned { get; init; }

    /// <summary>The executed notebook with its outputs (null when the run failed before any cell ran, e.g. a bad parameter).</summary>
    public InteractiveDocument? Executed { get; init; }

    /// <summary>The output folder.</summary>
    public required string OutputFolder { get; init; }

    /// <summary><c>&lt;out&gt;/&lt;name&gt;.ipynb</c>, or null when nothing was written.</summary>
    public string? ExecutedNotebookPath { get; init; }

    /// <summary><c>&lt;out&gt;/&lt;name&gt;.html</c>, or null when nothing was written.</summary>
    public string? HtmlReportPath { get; init; }

    /// <summary><c>&lt;out&gt;/&lt;name&gt;.results.json</c> (the value of <c>SEQREC_RESULTS_FILE</c> during the run); the file exists only if the notebook wrote it.</summary>
    public required string ResultsPath { get; init; }

    /// <summary>Code cells run to completion.</summary>
    public int CellsRun { get; init; }

    /// <summary>Wall-clock time of the run.</summary>
    public TimeSpan Elapsed { get; init; }
}
