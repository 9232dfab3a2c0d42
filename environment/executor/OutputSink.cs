namespace SeqRecLab.Executor;

/// <summary>
/// Where a running cell's outputs go: the cell being run (console text, <c>display</c> values, updates) and the
/// terminal echo. One sink per notebook run; <see cref="Current"/> is switched from cell to cell.
/// </summary>
public sealed class OutputSink(TextWriter echo, TextWriter? echoError = null)
{
    readonly object gate = new();
    NotebookCell? current;

    /// <summary>The cell receiving outputs (null between cells: writes then go to the echo only).</summary>
    public NotebookCell? Current { get { lock (gate) return current; } set { lock (gate) current = value; } }

    /// <summary>The terminal (or any writer) that sees every output as text.</summary>
    public TextWriter Echo { get; } = echo;

    /// <summary>Where <c>stderr</c> text is echoed (default: <see cref="Echo"/>).</summary>
    public TextWriter EchoError { get; } = echoError ?? echo;

    /// <summary>Appends console text to the current cell, merging with the previous output when it is the same stream.</summary>
    public void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (current is not null)
            {
                if (current.Outputs.Count > 0 && current.Outputs[^1] is StreamOutput s && s.Name == name) s.Append(text);
                else { var o = new StreamOutput(name); o.Append(text); current.Outputs.Add(o); }
            }
            var w = name == "stderr" ? EchoError : Echo;
            w.Write(text);
            w.Flush();
        }
    }

    /// <summary>Adds a formatted value to the current cell and prints its plain-text form (or a note for HTML-only output).</summary>
    public DataOutput Data(bool isResult, IReadOnlyDictionary<string, string> data)
    {
        var output = new DataOutput(isResult, data);
        lock (gate)
        {
            current?.Outputs.Add(output);
            Echo.WriteLine(TerminalText(data));
            Echo.Flush();
        }
        return output;
    }

    /// <summary>Replaces a displayed value's data and prints the new value as a line.</summary>
    public void Update(DataOutput output, IReadOnlyDictionary<string, string> data)
    {
        lock (gate)
        {
            output.Data = data;
            output.UpdateCount++;
            Echo.WriteLine(TerminalText(data));
            Echo.Flush();
        }
    }

    static string TerminalText(IReadOnlyDictionary<string, string> data) =>
        data.TryGetValue(DisplayFormatter.Plain, out var plain) ? plain
        : data.Count > 0 ? $"[{data.First().Key} output, {data.First().Value.Length} characters]"
        : "";
}
