using System.Diagnostics;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace SeqRecLab.Executor;

/// <summary>
/// Runs one notebook the way .NET Interactive would (as far as our notebooks use it) and writes the executed notebook,
/// an HTML report and the results file to the output folder. One notebook at a time per process: the console, the
/// current directory and <c>SEQREC_RESULTS_FILE</c> are process-wide and are switched for the run.
/// </summary>
public static class NotebookRunner
{
    /// <summary>The environment variable the library's results recorder writes to; set to <c>&lt;out&gt;/&lt;name&gt;.results.json</c> for the run.</summary>
    public const string ResultsEnvironmentVariable = "SEQREC_RESULTS_FILE";

    /// <summary>
    /// Set to the executor's packages folder for the run: in Polyglot, restored packages live in the NuGet global
    /// packages folder that this variable names, and code that looks for a package's files there (the library's
    /// libtorch lookup) finds them in the same place under the executor.
    /// </summary>
    public const string PackagesEnvironmentVariable = "NUGET_PACKAGES";

    static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>
    /// Runs <paramref name="notebookPath"/>: code cells in order in one script state, with the current directory set to the
    /// notebook's folder (as Polyglot does). Never throws for problems in the notebook; they are in the result.
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
        readonly TextWriter echo = options.Echo ?? Console.Out;
        readonly TextWriter echoError = options.Progress ?? Console.Error;
        readonly Stopwatch clock = Stopwatch.StartNew();
        readonly List<PackageReference> packages = new();
        readonly List<string> sources = new();
        string ResultsPath => Path.Combine(outDir, name + ".results.json");

        public async Task<NotebookRunResult> ExecuteAsync()
        {
            Notebook notebook;
            try
            {
                if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such notebook");
                notebook = Notebook.Load(path);
                ParameterInjector.Inject(notebook, options.Parameters);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                progress.WriteLine($"{name}: {e.Message}");
                return Result(null, e.Message, null, cellsRun: 0);
            }

            // Check every cell before running any: another language or an unsupported directive fails at once.
            var folder = Path.GetDirectoryName(path)!;
            var parsed = new Dictionary<NotebookCell, CellDirectives>();
            int codeIndex = 0;
            for (int i = 0; i < notebook.Cells.Count; i++)
            {
                var cell = notebook.Cells[i];
                if (!cell.IsCode) continue;
                codeIndex++;
                var language = cell.Language(notebook.DefaultKernel);
                string? problem = null, kind = null;
                if (language != Notebook.CSharp)
                {
                    kind = "UnsupportedLanguage";
                    problem = $"the cell's language is \"{language}\"; the executor runs C# cells only (kernel \"csharp\")";
                }
                else
                {
                    try { parsed[cell] = DirectiveParser.Parse(cell.Source, folder); }
                    catch (DirectiveException e) { kind = "DirectiveError"; problem = e.Message; }
                }
                if (problem is not null)
                {
                    var failure = new CellFailure(i + 1, codeIndex, cell.FirstLine(), kind!, problem);
                    cell.Outputs.Add(new ErrorOutput(kind!, problem, []));
                    return Finish(notebook, failure, cellsRun: 0, timedOut: false, abandoned: false);
                }
            }

            var previousResults = Environment.GetEnvironmentVariable(ResultsEnvironmentVariable);
            var previousPackages = Environment.GetEnvironmentVariable(PackagesEnvironmentVariable);
            var previousDirectory = Environment.CurrentDirectory;
            Directory.CreateDirectory(outDir);
            File.Delete(ResultsPath);   // a stale file from an earlier run must not pass for this run's results
            var sink = new OutputSink(echo, echoError);
            // each notebook starts as a fresh kernel would: no formatters left over from an earlier notebook of this process
            Microsoft.DotNet.Interactive.Formatting.Formatter.ResetToDefault();
            var runner = new ScriptRunner(new NotebookGlobals(sink), folder);
            var resolver = new NuGetResolver(options.CacheRoot);
            CellFailure? failed = null;
            bool timedOut = false, abandoned = false;
            int cellsRun = 0;
            try
            {
                Environment.SetEnvironmentVariable(ResultsEnvironmentVariable, ResultsPath);
                Environment.SetEnvironmentVariable(PackagesEnvironmentVariable, resolver.PackagesFolder);
                Environment.CurrentDirectory = folder;
                using var capture = new ConsoleCapture(sink);
                await runner.WarmUpAsync();
                codeIndex = 0;
                for (int i = 0; i < notebook.Cells.Count && failed is null; i++)
                {
                    var cell = notebook.Cells[i];
                    var label = $"[{i + 1}/{notebook.Cells.Count}]";
                    if (!cell.IsCode)
                    {
                        progress.WriteLine($"{label} {cell.CellType} cell");
                        continue;
                    }
                    codeIndex++;
                    cell.Outputs.Clear();
                    cell.ExecutionCount = codeIndex;
                    sink.Current = cell;
                    var started = clock.Elapsed;
                    var outcome = await RunCellAsync(runner, resolver, parsed[cell], sink);
                    sink.Current = null;
                    var seconds = (clock.Elapsed - started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
                    if (outcome.Error is null)
                    {
                        cellsRun++;
                        progress.WriteLine($"{label} code cell {codeIndex}: {cell.FirstLine(40)} ({seconds} s)");
                        continue;
                    }
                    var (type, message, trace) = outcome.Error.Value;
                    cell.Outputs.Add(new ErrorOutput(type, message, trace));
                    failed = new CellFailure(i + 1, codeIndex, cell.FirstLine(), type, message);
                    timedOut = outcome.TimedOut;
                    abandoned = outcome.Abandoned;
                    progress.WriteLine($"{label} code cell {codeIndex}: {cell.FirstLine(40)} FAILED ({seconds} s)");
                }
            }
            finally
            {
                sink.Current = null;
                Environment.CurrentDirectory = previousDirectory;
                Environment.SetEnvironmentVariable(ResultsEnvironmentVariable, previousResults);
                Environment.SetEnvironmentVariable(PackagesEnvironmentVariable, previousPackages);
            }
            return Finish(notebook, failed, cellsRun, timedOut, abandoned);
        }

        readonly record struct CellOutcome((string Type, string Message, IReadOnlyList<string> Trace)? Error, bool TimedOut, bool Abandoned);

        async Task<CellOutcome> RunCellAsync(ScriptRunner runner, NuGetResolver resolver, CellDirectives directives, OutputSink sink)
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
            using var cancel = new CancellationTokenSource();
            // A dedicated thread, so that a cell that never yields (a busy loop) cannot block the runner's timer.
            var work = Task.Factory.StartNew(() => CellBodyAsync(runner, resolver, directives, sink, cancel.Token),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
            var finished = limit == Timeout.InfiniteTimeSpan ? work : await Task.WhenAny(work, Task.Delay(limit));
            if (finished != work)
            {
                cancel.Cancel();
                var stopped = await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(200))) == work;
                return new CellOutcome(("Timeout", $"the cell did not finish within {limitText}; it was {(stopped ? "cancelled" : "abandoned")}", []), true, !stopped);
            }
            try
            {
                await work;
                return new CellOutcome(null, false, false);
            }
            catch (Exception e)
            {
                return new CellOutcome(Describe(e), false, false);
            }
        }

        async Task CellBodyAsync(ScriptRunner runner, NuGetResolver resolver, CellDirectives d, OutputSink sink, CancellationToken cancel)
        {
            bool newSources = false;
            foreach (var s in d.Sources)
                if (!sources.Contains(s)) { sources.Add(s); newSources = true; }
            bool newPackages = false;
            foreach (var p in d.Packages)
                if (!packages.Any(q => q.Key == p.Key)) { packages.Add(p); newPackages = true; }
            if (newPackages || (newSources && packages.Count > 0) || d.Packages.Count > 0)
            {
                var resolved = await resolver.ResolveAsync(packages, sources, cancel);
                AssemblyResolution.AddNativeFolders(resolved.NativeFolders);
                AssemblyResolution.AddAssemblyPaths(resolved.Assemblies);
                runner.AddReferences(resolved.Assemblies.Select(AssemblyResolution.Load).ToList());
            }
            foreach (var dll in d.AssemblyPaths)
            {
                if (!File.Exists(dll)) throw new FileNotFoundException($"#r \"{dll}\": no such file", dll);
                AssemblyResolution.AddAssemblyPaths(Directory.EnumerateFiles(Path.GetDirectoryName(dll)!, "*.dll"));
                runner.AddReferences([AssemblyResolution.Load(dll)]);
            }
            var result = await runner.RunAsync(d.Code, cancel);
            if (result.HasValue) sink.Data(isResult: true, DisplayFormatter.Format(result.Value));
        }

        static (string, string, IReadOnlyList<string>) Describe(Exception e)
        {
            while (e is AggregateException { InnerExceptions.Count: 1 } or System.Reflection.TargetInvocationException && e.InnerException is not null)
                e = e.InnerException!;
            if (e is CompilationErrorException c)
            {
                var lines = c.Diagnostics.Where(x => x.Severity == DiagnosticSeverity.Error).Select(FormatDiagnostic).ToList();
                return ("CompilationError", string.Join("\n", lines), lines);
            }
            if (e is DirectiveException) return ("DirectiveError", e.Message, []);
            var type = e.GetType().FullName ?? e.GetType().Name;
            return (type, e.Message, e.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList());
        }

        /// <summary><c>line 3, column 5: error CS0103: The name 'y' does not exist in the current context</c> (lines of the cell, 1-based).</summary>
        static string FormatDiagnostic(Diagnostic d)
        {
            var span = d.Location.GetLineSpan();
            var where = d.Location.IsInSource ? $"line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}: " : "";
            return $"{where}error {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
        }

        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

        NotebookRunResult Finish(Notebook notebook, CellFailure? failure, int cellsRun, bool timedOut, bool abandoned)
        {
            var ipynb = Path.Combine(outDir, name + ".ipynb");
            var html = Path.Combine(outDir, name + ".html");
            var status = failure is null
                ? $"succeeded in {Seconds(clock.Elapsed)} s ({cellsRun} code cell{(cellsRun == 1 ? "" : "s")})"
                : $"FAILED after {Seconds(clock.Elapsed)} s: {failure}";
            AtomicWrite.Text(ipynb, notebook.ToJson());
            AtomicWrite.Text(html, HtmlReportWriter.Render(notebook, name, status, failure is null));
            if (failure is not null) progress.WriteLine($"{name}: {failure}");
            return Result(notebook, failure?.ToString(), failure, cellsRun, timedOut, abandoned, ipynb, html);
        }

        NotebookRunResult Result(Notebook? notebook, string? error, CellFailure? failure, int cellsRun, bool timedOut = false,
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
