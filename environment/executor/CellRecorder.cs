using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace SeqRecLab.Executor;

/// <summary>
/// Turns the kernel's events for the running cell into the cell's outputs, as Polyglot Notebooks keeps them: console
/// text (consecutive writes to one stream in one output), displayed values, the trailing expression's value, and
/// errors. An update replaces the output that has its value id, or, when none has, becomes a new output under that
/// id, which later updates replace: Polyglot keys outputs by value id the same way. (The frozen kernel's
/// <c>display(x)</c> publishes <c>x</c> under one id and returns a handle whose <c>Update</c> publishes under
/// another, so in Polyglot and here the first value stays and the latest update shows below it.) Every output is also echoed as text to a
/// terminal: plain text where the value has it, else a one-line note.
/// </summary>
public sealed class CellRecorder(TextWriter echo, TextWriter echoError)
{
    readonly object gate = new();
    readonly Dictionary<string, DisplayElement> byValueId = [];
    InteractiveDocumentElement? cell;

    /// <summary>How many <c>display</c> updates the current cell received (live progress).</summary>
    public int Updates { get; private set; }

    /// <summary>Starts recording into <paramref name="target"/> (its outputs are cleared); null stops recording.</summary>
    public void Record(InteractiveDocumentElement? target)
    {
        lock (gate)
        {
            cell = target;
            target?.Outputs.Clear();
            byValueId.Clear();
            Updates = 0;
        }
    }

    /// <summary>Takes one kernel event (events that carry no output are ignored).</summary>
    public void On(KernelEvent e)
    {
        lock (gate)
        {
            switch (e)
            {
                case StandardOutputValueProduced o: Stream("stdout", Plain(o.FormattedValues)); break;
                case StandardErrorValueProduced o: Stream("stderr", Plain(o.FormattedValues)); break;
                case DisplayedValueUpdated u when u.ValueId is not null:
                    if (byValueId.TryGetValue(u.ValueId, out var shown))
                    {
                        shown.Data.Clear();
                        foreach (var f in u.FormattedValues) shown.Data[f.MimeType] = f.Value;
                    }
                    else cell?.Outputs.Add(byValueId[u.ValueId] = new DisplayElement(u.FormattedValues.ToDictionary(f => f.MimeType, f => (object)f.Value)));
                    Updates++;
                    Echo(u.FormattedValues);
                    break;
                case ReturnValueProduced r:
                    var result = new ReturnValueElement { ExecutionOrder = cell?.ExecutionOrder ?? 0 };
                    foreach (var f in r.FormattedValues) result.Data[f.MimeType] = f.Value;
                    cell?.Outputs.Add(result);
                    Echo(r.FormattedValues);
                    break;
                case DisplayEvent d and not DisplayedValueUpdated and not ReturnValueProduced:   // DisplayedValueProduced, ErrorProduced
                    var display = new DisplayElement(d.FormattedValues.ToDictionary(f => f.MimeType, f => (object)f.Value));
                    if (d is DisplayedValueProduced { ValueId: { } id }) byValueId[id] = display;
                    cell?.Outputs.Add(display);
                    Echo(d.FormattedValues);
                    break;
            }
        }
    }

    /// <summary>Adds an error output (the cell's failure).</summary>
    public void Error(string name, string message, IReadOnlyList<string> trace)
    {
        lock (gate) cell?.Outputs.Add(new ErrorElement(message, name, trace.ToArray()));
    }

    void Stream(string name, string text)
    {
        if (text.Length == 0) return;
        if (cell is not null)
        {
            if (cell.Outputs.Count > 0 && cell.Outputs[^1] is TextElement last && last.Name == name)
                cell.Outputs[^1] = new TextElement(last.Text + text, name);
            else cell.Outputs.Add(new TextElement(text, name));
        }
        var w = name == "stderr" ? echoError : echo;
        w.Write(text);
        w.Flush();
    }

    void Echo(IReadOnlyCollection<FormattedValue> values)
    {
        var plain = values.FirstOrDefault(v => v.MimeType == "text/plain");
        var first = values.FirstOrDefault();
        echo.WriteLine(plain is not null ? plain.Value : first is null ? "" : $"[{first.MimeType} output, {first.Value.Length} characters]");
        echo.Flush();
    }

    static string Plain(IReadOnlyCollection<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == "text/plain")?.Value ?? values.FirstOrDefault()?.Value ?? "";
}
