using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using SeqRecLab.IO;

namespace SeqRecLab.Data;

/// <summary>Progress of one download: bytes received so far (including resumed bytes) and the total when the server says it.</summary>
public readonly record struct DownloadProgress(long BytesDone, long? BytesTotal);

/// <summary>Result of <see cref="Downloader.Fetch"/>.</summary>
/// <param name="Path">Full path of the file under its final name.</param>
/// <param name="Sha256">SHA-256 of the file (lower-case hex), computed while streaming or from the cached file.</param>
/// <param name="Verified">True when it matched a known SHA-256; false when the registry has none (a warning was written).</param>
/// <param name="Downloaded">True when it came from the network in this call; false when the cached file was reused.</param>
public sealed record FetchResult(string Path, string Sha256, bool Verified, bool Downloaded);

/// <summary>
/// Downloads dataset files. The body is streamed into a temporary file next to the target while its SHA-256 is computed;
/// after the size and checksum check the temporary file is renamed to the final name (atomic on one file system).
/// Transient failures (connection dropped, truncated body, HTTP 5xx/408/429, read timeout) are retried up to
/// <see cref="MaxAttempts"/> times, resuming with an HTTP Range request from the bytes already received (a server that
/// ignores Range restarts from zero). An unreachable server (connection refused, unknown host) fails at once with
/// "cannot reach &lt;url&gt;; place &lt;file&gt; in &lt;folder&gt;". On any failure the temporary file is deleted and nothing is
/// left under the final name. A cached file with the right checksum is reused without network; one with a wrong
/// checksum is reported, deleted and downloaded again. Files whose checksum is not yet known are used with a warning
/// that names the file and gives the computed SHA-256, which is also saved next to it as <c>&lt;file&gt;.sha256</c>.
/// </summary>
public sealed class Downloader : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    /// <summary>Attempts per file (≥ 1; default 4).</summary>
    public int MaxAttempts { get; }

    /// <summary>Delay before the first retry; doubled for each further retry (default 1 s).</summary>
    public TimeSpan RetryDelay { get; }

    /// <summary>Longest wait for response headers or for one read of the body before the attempt counts as failed (default 60 s).</summary>
    public TimeSpan ReadTimeout { get; }

    /// <summary>Where warnings and notes go (default <see cref="Console.Error"/>).</summary>
    public TextWriter Log { get; }

    /// <summary>Creates a downloader. A given <paramref name="client"/> is not disposed by this object.</summary>
    public Downloader(HttpClient? client = null, int maxAttempts = 4, TimeSpan? retryDelay = null, TimeSpan? readTimeout = null, TextWriter? log = null)
    {
        MaxAttempts = Check.InRange(maxAttempts, 1, 100);
        RetryDelay = retryDelay ?? TimeSpan.FromSeconds(1);
        ReadTimeout = readTimeout ?? TimeSpan.FromSeconds(60);
        if (RetryDelay < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(retryDelay), RetryDelay, "retryDelay must be ≥ 0");
        if (ReadTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(readTimeout), ReadTimeout, "readTimeout must be > 0");
        Log = log ?? Console.Error;
        _ownsClient = client is null;
        _client = client ?? new HttpClient();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsClient) _client.Dispose();
    }

    /// <summary>Synchronous <see cref="FetchAsync"/>.</summary>
    public FetchResult Fetch(DatasetFile file, string folder, IProgress<DownloadProgress>? progress = null, CancellationToken cancellation = default) =>
        FetchAsync(file, folder, progress, cancellation).GetAwaiter().GetResult();

    /// <summary>Makes sure <paramref name="folder"/>/<see cref="DatasetFile.FileName"/> holds <paramref name="file"/>, downloading it when needed.</summary>
    public async Task<FetchResult> FetchAsync(DatasetFile file, string folder, IProgress<DownloadProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        folder = Path.GetFullPath(folder);
        var final = Path.Combine(folder, file.FileName);

        if (File.Exists(final))
        {
            var cached = Sha256OfFile(final);
            if (file.Sha256 is null)
            {
                WarnUnverified(file, final, cached);
                return new FetchResult(final, cached, false, false);
            }
            if (cached == file.Sha256) return new FetchResult(final, cached, true, false);
            Log.WriteLine($"{final} has SHA-256 {cached} but {file.Sha256} is expected: deleting it and downloading {file.Url} again");
            File.Delete(final);
        }

        Directory.CreateDirectory(folder);
        var tmp = AtomicFile.TempNameFor(final);
        try
        {
            var sha = await DownloadToAsync(file, folder, tmp, progress, cancellation).ConfigureAwait(false);
            if (file.Sha256 is not null && sha != file.Sha256)
                throw new DownloadException($"checksum mismatch for {file.Url}: expected SHA-256 {file.Sha256}, got {sha}; the download was deleted. " +
                                            $"Place a correct {file.FileName} in {folder}");
            File.Move(tmp, final, overwrite: true);
            if (file.Sha256 is null) WarnUnverified(file, final, sha);
            return new FetchResult(final, sha, file.Sha256 is not null, true);
        }
        finally
        {
            AtomicFile.TryDelete(tmp);
        }
    }

    private void WarnUnverified(DatasetFile file, string path, string sha)
    {
        var sidecar = path + ".sha256";
        try { AtomicFile.WriteAllText(sidecar, $"{sha}  {file.FileName}\n"); }
        catch (IOException) { sidecar = "(could not be saved)"; }
        catch (UnauthorizedAccessException) { sidecar = "(could not be saved)"; }
        Log.WriteLine($"WARNING: the checksum of {file.FileName} ({file.Url}) is not yet known, so its contents are unverified. " +
                      $"Computed SHA-256: {sha} (saved in {sidecar}). Please report it so that it can be added to data/registry.json.");
    }

    private sealed class TransientException(string message, Exception? inner = null) : Exception(message, inner);

    /// <summary>State of one file's transfer across attempts: the temporary file, the bytes received and their running hash.</summary>
    private sealed class Transfer(FileStream output) : IDisposable
    {
        public FileStream Output { get; } = output;
        public long Done { get; set; }
        public IncrementalHash Hash { get; private set; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        /// <summary>Forgets the bytes received so far (the server sends the whole body again).</summary>
        public void Restart()
        {
            Output.SetLength(0);
            Output.Position = 0;
            Done = 0;
            Hash.Dispose();
            Hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        public void Dispose() => Hash.Dispose();
    }

    /// <summary>Streams <paramref name="file"/> into <paramref name="tmp"/> with retries; returns the SHA-256 of the complete body.</summary>
    private async Task<string> DownloadToAsync(DatasetFile file, string folder, string tmp, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        string place = $"place {file.FileName} in {folder}";
        using var output = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var transfer = new Transfer(output);
        Exception? last = null;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (attempt > 1)
                await Task.Delay(RetryDelay * Math.Pow(2, attempt - 2), ct).ConfigureAwait(false);
            try
            {
                long? total = await OneAttemptAsync(file, place, transfer, progress, ct).ConfigureAwait(false);
                if (total is long t && transfer.Done != t)
                    throw new TransientException($"transfer ended after {transfer.Done} of {t} bytes");
                if (file.SizeBytes is long size && transfer.Done != size)
                    throw new DownloadException($"size mismatch for {file.Url}: expected {size} bytes, got {transfer.Done}; the download was deleted. {place}");
                await output.FlushAsync(ct).ConfigureAwait(false);
                output.Flush(flushToDisk: true);
                return Convert.ToHexString(transfer.Hash.GetHashAndReset()).ToLowerInvariant();
            }
            catch (HttpRequestException e) when (IsUnreachable(e))
            {
                throw new DownloadException($"cannot reach {file.Url}; {place}", e);
            }
            catch (TransientException e) { last = e; }
            catch (HttpRequestException e) { last = e; }
            catch (IOException e) when (e is not DownloadException) { last = e; }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                last = new TimeoutException($"no data for {ReadTimeout.TotalSeconds:0.###} s", e);
            }
            if (attempt < MaxAttempts)
                Log.WriteLine($"download of {file.Url} interrupted after {transfer.Done} bytes ({last!.Message}); retrying ({attempt + 1}/{MaxAttempts})");
        }
        throw new DownloadException($"download of {file.Url} failed after {MaxAttempts} attempts ({last?.Message}); {place}", last);
    }

    /// <summary>One request, appending to the transfer (resuming with a Range request when bytes were received). Returns the announced total size, if any.</summary>
    private async Task<long?> OneAttemptAsync(DatasetFile file, string place, Transfer transfer, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, file.Url);
        if (transfer.Done > 0) request.Headers.Range = new RangeHeaderValue(transfer.Done, null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadTimeout);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);

        var status = (int)response.StatusCode;
        bool partial = response.StatusCode == HttpStatusCode.PartialContent;
        if (status == 416 || (partial && response.Content.Headers.ContentRange?.From != transfer.Done))
        {
            long at = transfer.Done;
            transfer.Restart(); // start again from zero on the next attempt
            throw new TransientException($"server could not resume at byte {at} (HTTP {status})");
        }
        if (status >= 500 || status == 408 || status == 429)
            throw new TransientException($"HTTP {status} {response.ReasonPhrase}");
        if (!response.IsSuccessStatusCode)
            throw new DownloadException($"download of {file.Url} failed: HTTP {status} {response.ReasonPhrase}; {place}");

        long? total;
        if (partial) total = response.Content.Headers.ContentRange?.Length;
        else
        {
            if (transfer.Done > 0) transfer.Restart(); // the server ignored the Range header and sends everything
            total = response.Content.Headers.ContentLength;
        }
        progress?.Report(new DownloadProgress(transfer.Done, total));

        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
        var buffer = new byte[1 << 16];
        long lastReport = transfer.Done;
        while (true)
        {
            timeout.CancelAfter(ReadTimeout);
            int n = await body.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            if (n == 0) break;
            await transfer.Output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
            transfer.Hash.AppendData(buffer, 0, n);
            transfer.Done += n;
            if (progress is not null && transfer.Done - lastReport >= (1 << 20))
            {
                progress.Report(new DownloadProgress(transfer.Done, total));
                lastReport = transfer.Done;
            }
        }
        if (progress is not null && lastReport != transfer.Done) progress.Report(new DownloadProgress(transfer.Done, total));
        return total;
    }

    private static bool IsUnreachable(HttpRequestException e)
    {
        if (e.HttpRequestError is HttpRequestError.NameResolutionError) return true;
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (x is SocketException s && s.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.NoData or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.TryAgain)
                return true;
        return false;
    }

    /// <summary>SHA-256 of a file as lower-case hex.</summary>
    public static string Sha256OfFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }

    /// <summary>
    /// Unpacks a downloaded file next to it per <see cref="DatasetFile.Unpack"/> and returns the path to read:
    /// the file itself, the extracted zip member, or the decompressed <c>.gz</c>. Unpacking is atomic and is skipped
    /// when the unpacked file exists and is not older than the download.
    /// </summary>
    public static string UnpackFile(DatasetFile file, string downloadedPath)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Unpack == Unpack.None) return downloadedPath;
        var target = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(downloadedPath))!, file.ReadableFileName);
        if (File.Exists(target) && File.GetLastWriteTimeUtc(target) >= File.GetLastWriteTimeUtc(downloadedPath)) return target;
        if (file.Unpack == Unpack.Zip) ExtractZipMember(downloadedPath, file.Member!, target);
        else Gunzip(downloadedPath, target);
        return target;
    }

    /// <summary>Extracts <paramref name="member"/> (path inside the archive, '/' separated) of <paramref name="zipPath"/> to <paramref name="targetPath"/>, atomically.</summary>
    public static void ExtractZipMember(string zipPath, string member, string targetPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var entry = zip.GetEntry(member) ?? zip.Entries.FirstOrDefault(e => e.FullName.Replace('\\', '/') == member.Replace('\\', '/'))
            ?? throw new InvalidDataException($"{Path.GetFileName(zipPath)} has no member '{member}'; it has: {string.Join(", ", zip.Entries.Take(10).Select(e => e.FullName))}");
        AtomicFile.Write(targetPath, s =>
        {
            using var src = entry.Open();
            src.CopyTo(s);
        });
    }

    /// <summary>Decompresses the gzip file <paramref name="gzPath"/> to <paramref name="targetPath"/>, atomically.</summary>
    public static void Gunzip(string gzPath, string targetPath)
    {
        AtomicFile.Write(targetPath, s =>
        {
            using var src = new GZipStream(File.OpenRead(gzPath), CompressionMode.Decompress);
            src.CopyTo(s);
        });
    }
}
