namespace SeqRecLab.Tests.Data;

/// <summary>Paths for the Data tests: the repository root, the shared real data, and fresh temporary folders.</summary>
internal static class DataTestPaths
{
    public static string RepoRoot() => TestPaths.RepoRoot;

    public static string SharedData() => TestPaths.SharedData;

    /// <summary>A new empty folder under the system temp folder; deleted by <see cref="TempFolder.Dispose"/>.</summary>
    public sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "seqrec-data-test-" + Guid.NewGuid().ToString("N"));
        public TempFolder() => Directory.CreateDirectory(Path);
        public string File(string name) => System.IO.Path.Combine(Path, name);
        public string Write(string name, string text) { var p = File(name); System.IO.File.WriteAllText(p, text); return p; }
        public void Dispose() { try { Directory.Delete(Path, recursive: true); } catch (IOException) { } }
    }
}
