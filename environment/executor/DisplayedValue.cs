namespace SeqRecLab.Executor;

/// <summary>
/// What <c>display(...)</c> returns, as in .NET Interactive: <see cref="Update"/> replaces the displayed output
/// (e.g. a live progress line) instead of adding a new one.
/// </summary>
public sealed class DisplayedValue
{
    readonly OutputSink sink;
    readonly DataOutput output;

    internal DisplayedValue(OutputSink sink, DataOutput output, string[] mimeTypes)
    {
        this.sink = sink;
        this.output = output;
        MimeTypes = mimeTypes;
    }

    /// <summary>The MIME types asked for at <c>display</c> (empty: chosen per value).</summary>
    public IReadOnlyList<string> MimeTypes { get; }

    /// <summary>Replaces the displayed output with <paramref name="updatedValue"/>, formatted with the same MIME types.</summary>
    public void Update(object? updatedValue) => sink.Update(output, DisplayFormatter.Format(updatedValue, MimeTypes));
}
