using System.Text;

namespace SeqRecLab.Executor;

/// <summary>
/// Replaces <see cref="Console.Out"/> and <see cref="Console.Error"/> while a notebook runs so that writes become the
/// running cell's <c>stdout</c>/<c>stderr</c> stream outputs (and still reach the terminal). Dispose to restore.
/// </summary>
public sealed class ConsoleCapture : IDisposable
{
    readonly TextWriter oldOut, oldErr;

    /// <summary>Redirects the console to <paramref name="sink"/>.</summary>
    public ConsoleCapture(OutputSink sink)
    {
        oldOut = Console.Out;
        oldErr = Console.Error;
        Console.SetOut(TextWriter.Synchronized(new StreamWriter(sink, "stdout")));
        Console.SetError(TextWriter.Synchronized(new StreamWriter(sink, "stderr")));
    }

    /// <summary>Puts the original console writers back.</summary>
    public void Dispose()
    {
        Console.SetOut(oldOut);
        Console.SetError(oldErr);
    }

    sealed class StreamWriter(OutputSink sink, string name) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value) => sink.Stream(name, value.ToString());
        public override void Write(string? value) { if (value is not null) sink.Stream(name, value); }
        public override void Write(char[] buffer, int index, int count) => sink.Stream(name, new string(buffer, index, count));
        public override void WriteLine(string? value) => sink.Stream(name, (value ?? "") + CoreNewLineStr);
        public override void WriteLine() => sink.Stream(name, CoreNewLineStr);
        string CoreNewLineStr => new(CoreNewLine);
    }
}
