namespace SeqRecLab.Data;

/// <summary>
/// A dataset file could not be obtained: the server could not be reached, the transfer failed after every retry,
/// or the content did not match its checksum or size. Nothing is left under the final file name when this is thrown.
/// </summary>
public sealed class DownloadException : IOException
{
    /// <summary>Creates the exception with its message and the underlying cause.</summary>
    public DownloadException(string message, Exception? inner = null) : base(message, inner) { }
}
