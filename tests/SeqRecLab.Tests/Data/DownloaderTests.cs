using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using SeqRecLab.Data;

namespace SeqRecLab.Tests.Data;

public class DownloaderTests
{
    private static readonly byte[] Body = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 251)).ToArray();
    private static readonly string BodySha = Convert.ToHexString(SHA256.HashData(Body)).ToLowerInvariant();

    private static Downloader NewDownloader(TextWriter log, int attempts = 3) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(20) }, maxAttempts: attempts, retryDelay: TimeSpan.FromMilliseconds(10),
            readTimeout: TimeSpan.FromSeconds(10), log: log);

    private static Task Full(LoopbackHttpServer.Request _, Stream s) =>
        LoopbackHttpServer.Write(s, 200, "OK", [("Content-Length", Body.Length.ToString())], Body);

    private sealed class Recorder : IProgress<DownloadProgress>
    {
        public readonly List<DownloadProgress> Reports = new();
        public void Report(DownloadProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public void Success_verifies_reports_progress_and_then_reuses_the_cache()
    {
        using var server = new LoopbackHttpServer(Full);
        using var tmp = new DataTestPaths.TempFolder();
        var log = new StringWriter();
        using var dl = NewDownloader(log);
        var file = new DatasetFile(server.Url("data.bin"), "data.bin", BodySha, Body.Length, "test");
        var progress = new Recorder();

        var r = dl.Fetch(file, tmp.Path, progress);
        Assert.True(r.Verified);
        Assert.True(r.Downloaded);
        Assert.Equal(BodySha, r.Sha256);
        Assert.Equal(Body, File.ReadAllBytes(Path.Combine(tmp.Path, "data.bin")));
        Assert.Equal(["data.bin"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName)); // no temp file left
        Assert.Equal(new DownloadProgress(Body.Length, Body.Length), progress.Reports[^1]);
        Assert.Equal(new DownloadProgress(0, Body.Length), progress.Reports[0]);

        var again = dl.Fetch(file, tmp.Path);
        Assert.False(again.Downloaded);
        Assert.True(again.Verified);
        Assert.Single(server.Requests); // reused without network
    }

    [Fact]
    public void Wrong_cached_file_is_reported_and_replaced()
    {
        using var server = new LoopbackHttpServer(Full);
        using var tmp = new DataTestPaths.TempFolder();
        var log = new StringWriter();
        using var dl = NewDownloader(log);
        var path = tmp.Write("data.bin", "stale");
        var r = dl.Fetch(new DatasetFile(server.Url("data.bin"), "data.bin", BodySha, null, null), tmp.Path);
        Assert.True(r.Downloaded);
        Assert.Equal(Body, File.ReadAllBytes(path));
        Assert.Contains($"but {BodySha} is expected", log.ToString());
    }

    [Fact]
    public void Checksum_mismatch_leaves_nothing_behind()
    {
        using var server = new LoopbackHttpServer(Full);
        using var tmp = new DataTestPaths.TempFolder();
        using var dl = NewDownloader(new StringWriter());
        var wrong = new string('0', 64);
        var e = Assert.Throws<DownloadException>(() => dl.Fetch(new DatasetFile(server.Url("data.bin"), "data.bin", wrong, null, null), tmp.Path));
        Assert.Equal($"checksum mismatch for {server.Url("data.bin")}: expected SHA-256 {wrong}, got {BodySha}; the download was deleted. " +
                     $"Place a correct data.bin in {tmp.Path}", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
        Assert.Single(server.Requests);
    }

    [Fact]
    public void Refused_connection_gives_the_place_message_and_leaves_nothing()
    {
        using var tmp = new DataTestPaths.TempFolder();
        using var dl = NewDownloader(new StringWriter());
        var url = $"http://127.0.0.1:{LoopbackHttpServer.UnusedPort()}/ml-1m.zip";
        var e = Assert.Throws<DownloadException>(() => dl.Fetch(new DatasetFile(url, "ml-1m.zip", BodySha, null, null), tmp.Path));
        Assert.Equal($"cannot reach {url}; place ml-1m.zip in {tmp.Path}", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Truncated_transfer_is_retried_a_bounded_number_of_times_then_leaves_nothing()
    {
        // announces the full length but sends 1000 bytes and closes, every time (Range ignored)
        using var server = new LoopbackHttpServer((_, s) =>
            LoopbackHttpServer.Write(s, 200, "OK", [("Content-Length", Body.Length.ToString())], Body.AsMemory(0, 1000)));
        using var tmp = new DataTestPaths.TempFolder();
        var log = new StringWriter();
        using var dl = NewDownloader(log, attempts: 3);
        var e = Assert.Throws<DownloadException>(() => dl.Fetch(new DatasetFile(server.Url("d.bin"), "d.bin", BodySha, null, null), tmp.Path));
        Assert.StartsWith($"download of {server.Url("d.bin")} failed after 3 attempts", e.Message);
        Assert.EndsWith($"; place d.bin in {tmp.Path}", e.Message);
        Assert.Equal(3, server.Requests.Count);
        Assert.Null(server.Requests[0].Headers.GetValueOrDefault("Range"));
        Assert.Equal("bytes=1000-", server.Requests[1].Headers["Range"]); // resume attempted
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Truncated_transfer_of_a_file_with_no_known_checksum_also_fails_and_leaves_nothing()
    {
        // no SHA-256 and no size in the registry: only the announced Content-Length can tell the transfer was cut short
        using var server = new LoopbackHttpServer((_, s) =>
            LoopbackHttpServer.Write(s, 200, "OK", [("Content-Length", Body.Length.ToString())], Body.AsMemory(0, 1000)));
        using var tmp = new DataTestPaths.TempFolder();
        using var dl = NewDownloader(new StringWriter(), attempts: 2);
        var e = Assert.Throws<DownloadException>(() => dl.Fetch(new DatasetFile(server.Url("d.bin"), "d.bin", null, null, null), tmp.Path));
        Assert.StartsWith($"download of {server.Url("d.bin")} failed after 2 attempts", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Interrupted_transfer_resumes_with_a_range_request()
    {
        const int cut = 120_000;
        using var server = new LoopbackHttpServer((req, s) =>
        {
            if (req.Number == 1)
                return LoopbackHttpServer.Write(s, 200, "OK", [("Content-Length", Body.Length.ToString())], Body.AsMemory(0, cut));
            var from = long.Parse(req.Headers["Range"]["bytes=".Length..^1]);
            return LoopbackHttpServer.Write(s, 206, "Partial Content",
                [("Content-Length", (Body.Length - from).ToString()), ("Content-Range", $"bytes {from}-{Body.Length - 1}/{Body.Length}")],
                Body.AsMemory((int)from));
        });
        using var tmp = new DataTestPaths.TempFolder();
        using var dl = NewDownloader(new StringWriter());
        var r = dl.Fetch(new DatasetFile(server.Url("d.bin"), "d.bin", BodySha, Body.Length, null), tmp.Path);
        Assert.Equal(BodySha, r.Sha256);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal($"bytes={cut}-", server.Requests[1].Headers["Range"]);
        Assert.Equal(Body, File.ReadAllBytes(r.Path));
    }

    [Fact]
    public void Unverified_file_warns_names_the_file_and_records_its_hash()
    {
        using var server = new LoopbackHttpServer(Full);
        using var tmp = new DataTestPaths.TempFolder();
        var log = new StringWriter();
        using var dl = NewDownloader(log);
        var r = dl.Fetch(new DatasetFile(server.Url("ml-1m.txt"), "ml-1m.txt", null, null, null), tmp.Path);
        Assert.False(r.Verified);
        Assert.Contains("WARNING: the checksum of ml-1m.txt", log.ToString());
        Assert.Contains("is not yet known", log.ToString());
        Assert.Contains(BodySha, log.ToString());
        Assert.Equal($"{BodySha}  ml-1m.txt\n", File.ReadAllText(r.Path + ".sha256"));
    }

    [Fact]
    public void Http_404_is_not_retried()
    {
        using var server = new LoopbackHttpServer((_, s) => LoopbackHttpServer.Write(s, 404, "Not Found", [("Content-Length", "0")], ReadOnlyMemory<byte>.Empty));
        using var tmp = new DataTestPaths.TempFolder();
        using var dl = NewDownloader(new StringWriter());
        var e = Assert.Throws<DownloadException>(() => dl.Fetch(new DatasetFile(server.Url("x"), "x", null, null, null), tmp.Path));
        Assert.Contains("HTTP 404", e.Message);
        Assert.Single(server.Requests);
        Assert.Empty(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Zip_member_and_gzip_are_unpacked()
    {
        using var tmp = new DataTestPaths.TempFolder();
        var zip = tmp.File("ml-1m.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        using (var w = new StreamWriter(archive.CreateEntry("ml-1m/ratings.dat").Open()))
            w.Write("1::2::3::4\n");
        var zf = new DatasetFile("http://unused/", "ml-1m.zip", null, null, null, Unpack.Zip, "ml-1m/ratings.dat");
        var unpacked = Downloader.UnpackFile(zf, zip);
        Assert.Equal(tmp.File("ratings.dat"), unpacked);
        Assert.Equal("1::2::3::4\n", File.ReadAllText(unpacked));
        var missing = Assert.Throws<InvalidDataException>(() => Downloader.ExtractZipMember(zip, "ml-1m/movies.dat", tmp.File("m.dat")));
        Assert.StartsWith("ml-1m.zip has no member 'ml-1m/movies.dat'", missing.Message);

        var gz = tmp.File("c.txt.gz");
        using (var g = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) g.Write(Encoding.UTF8.GetBytes("0\tx\n"));
        var gf = new DatasetFile("http://unused/", "c.txt.gz", null, null, null, Unpack.Gzip);
        Assert.Equal("0\tx\n", File.ReadAllText(Downloader.UnpackFile(gf, gz)));
        // the failed extraction of a missing member left no file behind
        Assert.Equal(["c.txt", "c.txt.gz", "ml-1m.zip", "ratings.dat"], Directory.GetFiles(tmp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Published_counts_that_agree_give_no_warning()
    {
        var d = new SequenceDataset("toy", 3, new[] { new[] { 1, 2 }, new[] { 2, 3 } });
        var info = DatasetRegistry.Get("ml-1m") with { Expected = new ExpectedStats(2, 3, 4, "test") };
        Assert.Null(Datasets.MismatchWithPublished(d, info));
        Assert.Contains("has 2 users, 3 items and 4 interactions; the published preprocessing gives 2, 3 and 5 (test)",
            Datasets.MismatchWithPublished(d, info with { Expected = new ExpectedStats(2, 3, 5, "test") }));
        Assert.Null(Datasets.MismatchWithPublished(d, info with { Expected = null }));
    }

    [Fact]
    public void Load_uses_a_placed_file_and_reports_manual_downloads()
    {
        using var tmp = new DataTestPaths.TempFolder();
        tmp.Write("ml-1m.txt", "1 1\n1 2\n2 2\n2 3\n");
        var log = new StringWriter();
        var d = Datasets.Load("ml-1m-sasrec", tmp.Path, log: log);
        Assert.Equal("ml-1m-sasrec", d.Name);
        Assert.Equal(new[] { new[] { 1, 2 }, new[] { 2, 3 } }, d.Sequences);
        Assert.Contains("WARNING: the checksum of ml-1m.txt", log.ToString());
        // four interactions are not the published ML-1M: the counts are compared and the difference reported
        Assert.Contains("WARNING: ml-1m-sasrec has 2 users, 3 items and 4 interactions; the published preprocessing gives 6,040, 3,416 and 999,611", log.ToString());

        var e = Assert.Throws<DownloadException>(() => Datasets.Load("yelp", tmp.Path));
        Assert.StartsWith("yelp cannot be downloaded automatically", e.Message);
        Assert.EndsWith($"Place yelp_academic_dataset_review.json in {tmp.Path}", e.Message);
    }
}
