using System.Diagnostics;
using System.Globalization;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;

namespace SeqRecLab.Executor;

/// <summary>
/// Runs one notebook in the real .NET Interactive C# kernel (<see cref="KernelComposition"/>), papermill-style, and
/// writes the executed notebook, an HTML report and the results file to the output folder. One notebook at a time per
/// process: the current directory, the formatter and <c>SEQREC_RESULTS_FILE</c> are process-wide.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The environment variable the library's results recorder writes to; set to <c>&lt;out&gt;/&lt;name&gt;.results.json</c> for the run.</summary>
    public const string ResultsEnvironmentVariable = "SEQREC_RESULTS_FILE";

    static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>
    /// Runs <paramref name="notebookPath"/>: its code cells in order, each submitted to one kernel, with the current
    /// directory set to the notebook's folder (as Polyglot does). Never throws for problems in the notebook; they are in
    /// the result.
    /// </summary>
    /// <exception cref="ArgumentException">A timeout that is not positive.</exception>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, RunOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(notebookPath);
        options ??= new RunOptions();
        if (options.CellTimeout is { } ct && ct <= TimeSpan.Zero)
            throw new ArgumentException($"CellTimeout must be positive, got {ct.TotalSeconds} s", nameof(options));
        if (options.TotalTimeout is { } tt && tt <= TimeSpan.Zero)
            throw new ArgumentException($"TotalTimeout must be positive, got {tt.TotalSeconds} s", nameof(options));
        var path = Path.GetFullPath(notebookPath);
        var name = Path.GetFileNameWithoutExtension(path);
        var outDir = Path.GetFullPath(options.OutputFolder ?? Path.Combine("out", name));
        await OneAtATime.WaitAsync();
        try
        {
            return await new Run(path, name, outDir, options).ExecuteAsync();
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>The state of one run.</summary>
    sealed class Run(string path, string name, string outDir, RunOptions options)
    {
        readonly TextWriter progress = options.Progress ?? Console.Error;
        readonly Stopwatch clock = Stopwatch.StartNew();
        string ResultsPath => Path.Combine(outDir, name + ".results.json");

        public async Task<NotebookRunResult> ExecuteAsync()
        {
            InteractiveDocument notebook;
            try
            {
                if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such notebook");
                notebook = NotebookFile.Load(path);
                ParameterInjector.Inject(notebook, options.Parameters);
                NotebookFile.EnsureIds(notebook);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                progress.WriteLine($"{name}: {e.Message}");
                return Result(null, e.Message, null, cellsRun: 0);
            }

            var cells = notebook.Elements;
            var codeCells = cells.Where(NotebookFile.IsCode).ToList();
            // Every cell must be C#: a cell for another kernel fails the run before anything runs.
            if (codeCells.FirstOrDefault(c => c.KernelName != KernelComposition.CSharp) is { } other)
            {
                var failure = Failure(cells, other, "UnsupportedLanguage",
                    $"the cell's kernel is \"{other.KernelName}\"; the notebooks run C# cells only (kernel \"csharp\")");
                other.Outputs.Add(new ErrorElement(failure.Message, failure.ErrorType));
                return Finish(notebook, failure, cellsRun: 0, timedOut: false, abandoned: false);
            }

            var previousResults = Environment.GetEnvironmentVariable(ResultsEnvironmentVariable);
            var previousDirectory = Environment.CurrentDirectory;
            Directory.CreateDirectory(outDir);
            File.Delete(ResultsPath);   // a stale file from an earlier run must not pass for this run's results
            var folder = Path.GetDirectoryName(path)!;
            foreach (var refreshed in LocalFeeds.DropStaleExtractions(folder))
                progress.WriteLine($"{name}: {refreshed} changed in its local feed; its old extracted copy was removed");
            var recorder = new CellRecorder(options.Echo ?? Console.Out, options.Progress ?? Console.Error);
            CellFailure? failed = null;
            bool timedOut = false, abandoned = false;
            int cellsRun = 0;
            try
            {
                Environment.SetEnvironmentVariable(ResultsEnvironmentVariable, ResultsPath);
                Environment.CurrentDirectory = folder;
                using var kernel = KernelComposition.Create();
                using var subscription = kernel.KernelEvents.Subscribe(recorder.On);
                // outputs saved in the file are not this run's: cells after a failure stay empty, with no execution count
                foreach (var cell in codeCells) { cell.Outputs.Clear(); cell.ExecutionOrder = 0; }
                int codeIndex = 0;
                for (int i = 0; i < cells.Count && failed is null; i++)
                {
                    var cell = cells[i];
                    var label = $"[{i + 1}/{cells.Count}]";
                    if (!NotebookFile.IsCode(cell))
                    {
                        progress.WriteLine($"{label} markdown cell");
                        continue;
                    }
                    codeIndex++;
                    cell.ExecutionOrder = codeIndex;
                    recorder.Record(cell);
                    var started = clock.Elapsed;
                    var outcome = await SubmitAsync(kernel, cell);
                    recorder.Record(null);
                    var seconds = (clock.Elapsed - started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
                    if (outcome.Error is null)
                    {
                        cellsRun++;
                        progress.WriteLine($"{label} code cell {codeIndex}: {NotebookFile.FirstLine(cell, 40)} ({seconds} s)");
                        continue;
                    }
                    var (type, message, trace) = outcome.Error.Value;
                    cell.Outputs.Add(new ErrorElement(message, type, trace.ToArray()));
                    failed = Failure(cells, cell, type, message);
                    timedOut = outcome.TimedOut;
                    abandoned = outcome.Abandoned;
                    progress.WriteLine($"{label} code cell {codeIndex}: {NotebookFile.FirstLine(cell, 40)} FAILED ({seconds} s)");
                }
            }
            finally
            {
                Environment.CurrentDirectory = previousDirectory;
                Environment.SetEnvironmentVariable(ResultsEnvironmentVariable, previousResults);
            }
            return Finish(notebook, failed, cellsRun, timedOut, abandoned);
        }

        readonly record struct CellOutcome((string Type, string Message, IReadOnlyList<string> Trace)? Error, bool TimedOut, bool Abandoned);

        /// <summary>Submits the cell and waits for it within the cell and total time limits; a cell over its limit is cancelled.</summary>
        async Task<CellOutcome> SubmitAsync(CompositeKernel kernel, InteractiveDocumentElement cell)
        {
            var limit = Timeout.InfiniteTimeSpan;
            string limitText = "";
            if (options.CellTimeout is { } cellLimit) { limit = cellLimit; limitText = $"the cell timeout of {Seconds(cellLimit)} s"; }
            if (options.TotalTimeout is { } total)
            {
                var left = total - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                    return new CellOutcome(("Timeout", $"the total timeout of {Seconds(total)} s was reached before this cell started", []), true, false);
                if (limit == Timeout.InfiniteTimeSpan || left < limit) { limit = left; limitText = $"the total timeout of {Seconds(total)} s"; }
            }
            // A dedicated thread, so that a cell that never yields (a busy loop) cannot block the runner's timer.
            var work = Task.Factory.StartNew(() => kernel.SendAsync(new SubmitCode(cell.Contents, KernelComposition.CSharp)),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            var finished = limit == Timeout.InfiniteTimeSpan ? work : await Task.WhenAny(work, Task.Delay(limit));
            if (finished != work)
            {
                _ = kernel.SendAsync(new Cancel());
                var stopped = await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(1))) == work;
                return new CellOutcome(("Timeout", $"the cell did not finish within {limitText}; it was {(stopped ? "cancelled" : "abandoned")}", []), true, !stopped);
            }
            KernelCommandResult result;
            try { result = await work; }
            catch (Exception e) { return new CellOutcome((e.GetType().FullName ?? e.GetType().Name, e.Message, Lines(e.ToString())), false, false); }
            var failure = result.Events.OfType<CommandFailed>().FirstOrDefault();
            return failure is null ? new CellOutcome(null, false, false) : new CellOutcome(Describe(failure), false, false);
        }

        /// <summary>
        /// The failure as type, message and trace: the exception a cell threw (innermost of a single-exception wrapper),
        /// or <c>CompilationError</c> with the kernel's diagnostics (<c>(line,column): error CSxxxx: ...</c>).
        /// </summary>
        static (string, string, IReadOnlyList<string>) Describe(CommandFailed failed)
        {
            var e = failed.Exception;
            while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
                e = e.InnerException;
            if (e is null or CodeSubmissionCompilationErrorException)
            {
                var lines = Lines(failed.Message);
                return (e is null ? "KernelError" : "CompilationError", failed.Message.Trim(), lines);
            }
            return (e.GetType().FullName ?? e.GetType().Name, e.Message, Lines(e.ToString()));
        }

        static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

        static CellFailure Failure(IList<InteractiveDocumentElement> cells, InteractiveDocumentElement cell, string type, string message) =>
            new(cells.IndexOf(cell) + 1, cells.Where(NotebookFile.IsCode).ToList().IndexOf(cell) + 1, NotebookFile.FirstLine(cell), type, message);

        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

        NotebookRunResult Finish(InteractiveDocument notebook, CellFailure? failure, int cellsRun, bool timedOut, bool abandoned)
        {
            var ipynb = Path.Combine(outDir, name + ".ipynb");
            var html = Path.Combine(outDir, name + ".html");
            var status = failure is null
                ? $"succeeded in {Seconds(clock.Elapsed)} s ({cellsRun} code cell{(cellsRun == 1 ? "" : "s")})"
                : $"FAILED after {Seconds(clock.Elapsed)} s: {failure}";
            AtomicWrite.Text(ipynb, NotebookFile.ToJson(notebook));
            AtomicWrite.Text(html, HtmlReportWriter.Render(notebook, name, status, failure is null));
            if (failure is not null) progress.WriteLine($"{name}: {failure}");
            return Result(notebook, failure?.ToString(), failure, cellsRun, timedOut, abandoned, ipynb, html);
        }

        NotebookRunResult Result(InteractiveDocument? notebook, string? error, CellFailure? failure, int cellsRun, bool timedOut = false,
            bool abandoned = false, string? ipynb = null, string? html = null) => new()
        {
            NotebookPath = path,
            Error = error,
            Failure = failure,
            TimedOut = timedOut,
            Abandoned = abandoned,
            Executed = notebook,
            OutputFolder = outDir,
            ExecutedNotebookPath = ipynb,
            HtmlReportPath = html,
            ResultsPath = ResultsPath,
            CellsRun = cellsRun,
            Elapsed = clock.Elapsed,
        };
    }
}
