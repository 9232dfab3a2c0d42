using System.Collections;
using System.Reflection;
using SeqRecLab.Data;
using SeqRecLab.IO;

namespace SeqRecLab.Reporting;

/// <summary>
/// The results recorder notebooks call. <see cref="Start"/> begins a run; each <c>Record…</c> call updates the
/// in-memory <see cref="ResultsData"/> and rewrites the whole JSON file atomically, so the file always holds
/// everything recorded so far (a run cut short keeps what it reached).
/// </summary>
/// <remarks>
/// The file is <c>$SEQREC_RESULTS_FILE</c> when that variable is set (the notebook executor sets it), else
/// <c>results/&lt;notebookName&gt;.json</c> under the current directory at the time of <see cref="Start"/>.
/// Recording before <see cref="Start"/> is allowed only when <c>SEQREC_RESULTS_FILE</c> is set.
/// Names are kept as given; recording a name again replaces its value. Thread-safe.
/// </remarks>
public static class Results
{
    /// <summary>The environment variable naming the results file.</summary>
    public const string FileVariable = "SEQREC_RESULTS_FILE";

    static readonly object Gate = new();
    static ResultsData data = new();
    static string? filePath;

    /// <summary>The file written to; null before <see cref="Start"/> (and before any recording).</summary>
    public static string? FilePath { get { lock (Gate) return filePath; } }

    /// <summary>A copy of what has been recorded.</summary>
    public static ResultsData Current { get { lock (Gate) return data.Clone(); } }

    /// <summary>
    /// Begins a run named <paramref name="notebookName"/>: forgets every earlier value (a rerun never reuses stale
    /// results), chooses the file (see remarks) and writes it at once with only the name. Returns the file's full path.
    /// </summary>
    /// <param name="notebookName">A file-name-safe name, e.g. <c>01-sasrec</c>: no path separators or characters invalid in file names.</param>
    public static string Start(string notebookName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(notebookName);
        if (notebookName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || notebookName.Contains('/') || notebookName.Contains('\\') || notebookName is "." or "..")
            throw new ArgumentException($"notebookName must be usable as a file name (no path separators or invalid characters); got \"{notebookName}\"", nameof(notebookName));
        lock (Gate)
        {
            filePath = Path.GetFullPath(EnvironmentPath() ?? Path.Combine(Directory.GetCurrentDirectory(), "results", notebookName + ".json"));
            data = new ResultsData { Notebook = notebookName };
            Save();
            return filePath;
        }
    }

    /// <summary>Records the value <paramref name="value"/> under <paramref name="name"/> (e.g. <c>test NDCG@10</c>); NaN and ±∞ are kept.</summary>
    public static void Record(string name, double value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Update(d => d.Metrics[name] = value);
    }

    /// <summary>Records several values at once (one file write).</summary>
    public static void Record(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var k in values.Keys) ArgumentException.ThrowIfNullOrWhiteSpace(k, nameof(values));
        Update(d => { foreach (var (k, v) in values) d.Metrics[k] = v; });
    }

    /// <summary>
    /// Records effective parameters, name → value. Values are numbers, strings, booleans, enums (by name), TimeSpans,
    /// arrays or anything else System.Text.Json can write; a value it cannot write fails here, naming the parameter.
    /// </summary>
    public static void RecordParameters(IReadOnlyDictionary<string, object?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var nodes = parameters.ToDictionary(p => p.Key, p => ToNode(p.Key, p.Value));
        Update(d => { foreach (var (k, v) in nodes) d.Parameters[k] = v; });
    }

    /// <summary>
    /// Records parameters from an object: a dictionary's entries, else the object's public readable properties
    /// (e.g. a configuration record), by property name.
    /// </summary>
    public static void RecordParameters(object parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var dict = new Dictionary<string, object?>();
        if (parameters is IDictionary d)
            foreach (DictionaryEntry e in d) dict[Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!] = e.Value;
        else
            foreach (var p in parameters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
                dict[p.Name] = p.GetValue(parameters);
        RecordParameters((IReadOnlyDictionary<string, object?>)dict);
    }

    /// <summary>Records one effective parameter.</summary>
    public static void RecordParameter(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var node = ToNode(name, value);
        Update(d => d.Parameters[name] = node);
    }

    /// <summary>Records a dataset's statistics under <paramref name="name"/>, replacing earlier statistics of that name.</summary>
    public static void RecordDataset(string name, IReadOnlyDictionary<string, object?> statistics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(statistics);
        var nodes = statistics.ToDictionary(s => s.Key, s => ToNode(s.Key, s.Value));
        Update(d => d.Datasets[name] = nodes);
    }

    /// <summary>
    /// Records a preprocessed dataset under its name: <c>users</c>, <c>items</c>, <c>interactions</c>,
    /// <c>avg_length</c> (interactions / users) and <c>density</c> (interactions / (users × items)).
    /// </summary>
    public static void RecordDataset(SequenceDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        long n = dataset.NumInteractions;
        RecordDataset(dataset.Name, new Dictionary<string, object?>
        {
            ["users"] = dataset.NumUsers,
            ["items"] = dataset.NumItems,
            ["interactions"] = n,
            ["avg_length"] = dataset.NumUsers == 0 ? 0.0 : (double)n / dataset.NumUsers,
            ["density"] = dataset.NumUsers == 0 || dataset.NumItems == 0 ? 0.0 : (double)n / ((double)dataset.NumUsers * dataset.NumItems),
        });
    }

    /// <summary>Records the device description, e.g. <c>TorchBackend.Info.ToString()</c>.</summary>
    public static void RecordDevice(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        Update(d => d.Device = device);
    }

    /// <summary>Forgets the file and every value, as at process start (for tests).</summary>
    internal static void Reset()
    {
        lock (Gate) { data = new ResultsData(); filePath = null; }
    }

    static void Update(Action<ResultsData> change)
    {
        lock (Gate)
        {
            if (filePath is null)
            {
                var env = EnvironmentPath() ?? throw new InvalidOperationException(
                    $"call Results.Start(notebookName) before recording (or set {FileVariable} to the results file)");
                filePath = Path.GetFullPath(env);
            }
            change(data);
            Save();
        }
    }

    static void Save() => AtomicFile.WriteAllText(filePath!, data.ToJsonString());

    static string? EnvironmentPath() => Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } p ? p : null;

    static System.Text.Json.Nodes.JsonNode? ToNode(string name, object? value)
    {
        try { return ResultsData.ToNode(value); }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or System.Text.Json.JsonException)
        {
            throw new ArgumentException($"parameter \"{name}\" ({value!.GetType().Name}) cannot be written as JSON: {e.Message}", name, e);
        }
    }
}
