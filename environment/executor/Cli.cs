using System.Globalization;

namespace SeqRecLab.Executor;

/// <summary>The command line: parses arguments, runs the notebooks one after another, prints a summary line per notebook.</summary>
public static class Cli
{
    /// <summary>The usage text.</summary>
    public const string Usage = """
        Runs Polyglot (.NET Interactive) C# notebooks headless.

        usage: dotnet run --project environment/executor -- <notebook.ipynb|folder>... [options]

          <folder>              every *.ipynb directly in it, sorted by name
          --param Name=value    override a variable of the cell tagged "parameters" (repeatable)
          --out DIR             output folder (default: out/<notebook name>/; with several notebooks, DIR/<notebook name>/)
          --timeout S           fail when the whole notebook runs longer than S seconds
          --cell-timeout S      fail when one cell runs longer than S seconds
          --list                print what would run, run nothing
          -h, --help            this text

        Writes <out>/<name>.ipynb (executed), <out>/<name>.html (report); the notebook's results recorder writes
        <out>/<name>.results.json (SEQREC_RESULTS_FILE). Exit code 0 only when every notebook succeeded.
        """;

    /// <summary>Parsed command line.</summary>
    public sealed record Arguments(IReadOnlyList<string> Inputs, IReadOnlyList<KeyValuePair<string, string>> Parameters,
        string? Out, TimeSpan? Timeout, TimeSpan? CellTimeout, bool List, bool Help);

    /// <summary>Runs the command line; returns the process exit code (0 all succeeded, 1 a notebook failed, 2 bad usage).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        Arguments a;
        List<string> notebooks;
        try
        {
            a = Parse(args);
            if (a.Help) { stdout.WriteLine(Usage); return 0; }
            if (a.Inputs.Count == 0) throw new ArgumentException("no notebook or folder given");
            notebooks = Expand(a.Inputs);
        }
        catch (ArgumentException e)
        {
            stderr.WriteLine($"error: {e.Message}");
            stderr.WriteLine("run with --help for usage");
            return 2;
        }

        string OutFor(string nb)
        {
            var name = Path.GetFileNameWithoutExtension(nb);
            if (a.Out is null) return Path.GetFullPath(Path.Combine("out", name));
            return notebooks.Count == 1 ? Path.GetFullPath(a.Out) : Path.GetFullPath(Path.Combine(a.Out, name));
        }

        if (a.List)
        {
            foreach (var nb in notebooks) stdout.WriteLine($"{Display(nb)} -> {Display(OutFor(nb))}");
            return 0;
        }

        var results = new List<NotebookRunResult>();
        bool stop = false;
        foreach (var nb in notebooks)
        {
            if (stop) break;
            stderr.WriteLine($"== {Display(nb)}");
            var r = await NotebookRunner.RunAsync(nb, new RunOptions
            {
                Parameters = a.Parameters,
                OutputFolder = OutFor(nb),
                TotalTimeout = a.Timeout,
                CellTimeout = a.CellTimeout,
                Echo = stdout,
                Progress = stderr,
            });
            results.Add(r);
            // A timed-out cell's thread cannot be killed: running more notebooks beside it would be unreliable.
            stop = r.Abandoned;
        }

        stderr.WriteLine();
        foreach (var r in results) stderr.WriteLine(Summary(r));
        foreach (var nb in notebooks.Skip(results.Count))
            stderr.WriteLine($"NOT RUN  {Path.GetFileName(nb)} (an earlier notebook's cell was abandoned after a timeout)");
        stderr.Flush();
        stdout.Flush();
        return results.Count == notebooks.Count && results.All(r => r.Succeeded) ? 0 : 1;
    }

    /// <summary>One line: OK/FAILED, the notebook, time, cells, and the output folder or the failing cell.</summary>
    public static string Summary(NotebookRunResult r)
    {
        var name = Path.GetFileName(r.NotebookPath);
        var time = r.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
        var where = Display(r.OutputFolder);
        if (r.Succeeded) return $"OK       {name} ({time} s, {r.CellsRun} code cell{(r.CellsRun == 1 ? "" : "s")}) -> {where}";
        var why = r.Failure is { } f ? $"cell {f.CellNumber} (code cell {f.CodeCellIndex}) \"{f.FirstLine}\": {f.ErrorType}: {f.Message.Split('\n')[0]}" : r.Error;
        return $"FAILED   {name} ({time} s) {why}{(r.ExecutedNotebookPath is null ? "" : $" -> {where}")}";
    }

    /// <summary>A path relative to the current directory when it lies below it, else absolute.</summary>
    static string Display(string path)
    {
        var rel = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return rel.StartsWith("..") || Path.IsPathRooted(rel) ? path : rel;
    }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message on bad usage.</summary>
    public static Arguments Parse(IReadOnlyList<string> args)
    {
        var inputs = new List<string>();
        var parameters = new List<KeyValuePair<string, string>>();
        string? output = null;
        TimeSpan? timeout = null, cellTimeout = null;
        bool list = false, help = false;
        for (int i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--") && arg.IndexOf('=') is int eq and > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }
            string Value()
            {
                if (inline is not null) return inline;
                if (i + 1 >= args.Count) throw new ArgumentException($"{arg} needs a value");
                return args[++i];
            }
            switch (arg)
            {
                case "--param": parameters.Add(ParameterInjector.ParseAssignment(Value())); break;
                case "--out": output = Value(); break;
                case "--timeout": timeout = Seconds(arg, Value()); break;
                case "--cell-timeout": cellTimeout = Seconds(arg, Value()); break;
                case "--list": list = true; break;
                case "-h" or "--help": help = true; break;
                default:
                    if (arg.StartsWith('-')) throw new ArgumentException($"unknown option {arg}");
                    inputs.Add(arg);
                    break;
            }
        }
        return new Arguments(inputs, parameters, output, timeout, cellTimeout, list, help);
    }

    static TimeSpan Seconds(string option, string value)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !(s > 0) || double.IsInfinity(s))
            throw new ArgumentException($"{option} expects a positive number of seconds, got \"{value}\"");
        return TimeSpan.FromSeconds(s);
    }

    /// <summary>Notebook files as given, and every <c>*.ipynb</c> directly in each folder (sorted by name); duplicates dropped.</summary>
    public static List<string> Expand(IEnumerable<string> inputs)
    {
        var list = new List<string>();
        foreach (var input in inputs)
        {
            var full = Path.GetFullPath(input);
            if (Directory.Exists(full))
            {
                var found = Directory.EnumerateFiles(full, "*.ipynb").Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0) throw new ArgumentException($"{input}: the folder holds no .ipynb files");
                list.AddRange(found);
            }
            else if (File.Exists(full))
            {
                if (!full.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)) throw new ArgumentException($"{input}: not an .ipynb file");
                list.Add(full);
            }
            else throw new ArgumentException($"{input}: no such file or folder");
        }
        list = list.Distinct().ToList();
        var sameName = list.GroupBy(p => Path.GetFileNameWithoutExtension(p)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (sameName.Count > 0)
            throw new ArgumentException($"several notebooks are named {string.Join(", ", sameName)}; their outputs would collide (run them separately with --out)");
        return list;
    }
}
