namespace SeqRecLab.IO;

/// <summary>
/// Writes files so that the final name only ever holds a complete file: the content goes to a
/// temporary file in the same folder, is flushed to disk, and is then renamed over the final name.
/// An interrupted write leaves at most a <c>*.tmp-*</c> file, never a truncated file under the final name.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="write"/>'s output to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = TempNameFor(full);
        try
        {
            using (var stream = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>Writes bytes to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, byte[] bytes) => Write(path, s => s.Write(bytes, 0, bytes.Length));

    /// <summary>Writes UTF-8 text to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>A temporary file name next to <paramref name="finalPath"/>, unique to this call.</summary>
    public static string TempNameFor(string finalPath) =>
        $"{finalPath}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";

    /// <summary>Deletes a file if it exists, ignoring errors (used to clean up temporary files).</summary>
    public static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
