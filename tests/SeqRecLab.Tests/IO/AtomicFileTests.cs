using SeqRecLab.IO;

namespace SeqRecLab.Tests.IO;

/// <summary>What a reader of the final name can see while a write is under way, after it fails, and after it succeeds.</summary>
public sealed class AtomicFileTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("seqrec-atomic-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    string[] Temporaries() => Directory.GetFiles(dir, "*.tmp-*");

    [Fact]
    public void Mid_write_the_final_name_still_holds_the_old_file_and_the_partial_bytes_are_elsewhere()
    {
        var path = Path.Combine(dir, "results.json");
        File.WriteAllText(path, "old, complete");
        using var halfWritten = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = Task.Run(() => AtomicFile.Write(path, s =>
        {
            s.Write("new, half"u8);
            s.Flush();
            halfWritten.Set();
            release.Wait();
            throw new IOException("disk full (simulated)");
        }));
        Assert.True(halfWritten.Wait(TimeSpan.FromSeconds(30)), "the writer never started");
        // the moment a crash would freeze: the final name is untouched, the partial content sits in a temporary file
        Assert.Equal("old, complete", File.ReadAllText(path));
        var tmp = Assert.Single(Temporaries());
        Assert.Equal("new, half".Length, new FileInfo(tmp).Length);   // the writer holds it locked: its size, not its text
        release.Set();
        var ex = Assert.Throws<AggregateException>(() => writer.Wait());
        Assert.IsType<IOException>(ex.InnerException);
        // a failed write keeps the old file and removes its temporary
        Assert.Equal("old, complete", File.ReadAllText(path));
        Assert.Empty(Temporaries());
    }

    [Fact]
    public void A_failed_first_write_leaves_no_file_at_all()
    {
        var path = Path.Combine(dir, "sub", "checkpoint.bin");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[1000]);
            throw new InvalidOperationException("interrupted");
        }));
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "sub")));
    }

    [Fact]
    public void A_successful_write_replaces_the_file_whole()
    {
        var path = Path.Combine(dir, "table.json");
        File.WriteAllText(path, new string('x', 5000));
        AtomicFile.WriteAllText(path, "short");
        Assert.Equal("short", File.ReadAllText(path));   // replaced, not overwritten in place (no tail of x's)
        Assert.Empty(Temporaries());
    }
}
