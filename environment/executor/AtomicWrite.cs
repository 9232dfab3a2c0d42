using System.Text;

namespace SeqRecLab.Executor;

/// <summary>
/// Atomic file writes (temporary file in the same folder, flushed, then renamed over the final name), the same
/// contract as the library's <c>SeqRecLab.IO.AtomicFile</c>. The executor does not reference the library: it must
/// not pin TorchSharp or any other package into its own process before a notebook asks for it.
/// </summary>
public static class AtomicWrite
{
    /// <summary>Writes UTF-8 text (no BOM) to <paramref name="path"/>, creating its folder.</summary>
    public static void Text(string path, string text)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = $"{full}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(false).GetBytes(text);
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
