using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SeqRecLab.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a random free port) for the downloader tests. Each connection carries one
/// request; <c>respond</c> gets the request number (1-based), the request's headers and the stream to write the raw
/// response to; the connection is closed afterwards. Serves at most <c>maxRequests</c> requests.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    public sealed record Request(int Number, string Method, string Path, IReadOnlyDictionary<string, string> Headers);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<Request, Stream, Task> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<Request> _requests = new();

    public LoopbackHttpServer(Func<Request, Stream, Task> respond, int maxRequests = 10)
    {
        _respond = respond;
        _listener.Start();
        _loop = Task.Run(() => Serve(maxRequests));
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    public IReadOnlyList<Request> Requests { get { lock (_requests) return _requests.ToList(); } }

    private async Task Serve(int maxRequests)
    {
        for (int n = 1; n <= maxRequests && !_stop.IsCancellationRequested; n++)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            using (client)
            {
                var stream = client.GetStream();
                var request = await ReadRequest(n, stream);
                if (request is null) continue;
                lock (_requests) _requests.Add(request);
                try { await _respond(request, stream); await stream.FlushAsync(); }
                catch (IOException) { }
            }
        }
    }

    private static async Task<Request?> ReadRequest(int number, NetworkStream stream)
    {
        var buffer = new List<byte>();
        var one = new byte[1];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            int n;
            try { n = await stream.ReadAsync(one, cts.Token); } catch (Exception) { return null; }
            if (n == 0) return null;
            buffer.Add(one[0]);
            int c = buffer.Count;
            if (c >= 4 && buffer[c - 4] == '\r' && buffer[c - 3] == '\n' && buffer[c - 2] == '\r' && buffer[c - 1] == '\n') break;
            if (c > 64 * 1024) return null;
        }
        var lines = Encoding.ASCII.GetString(buffer.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return new Request(number, first[0], first[1], headers);
    }

    /// <summary>Writes a status line, headers (Connection: close added) and optionally a body.</summary>
    public static async Task Write(Stream s, int status, string reason, IEnumerable<(string, string)> headers, ReadOnlyMemory<byte> body)
    {
        var sb = new StringBuilder($"HTTP/1.1 {status} {reason}\r\n");
        foreach (var (k, v) in headers) sb.Append($"{k}: {v}\r\n");
        sb.Append("Connection: close\r\n\r\n");
        await s.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
        await s.WriteAsync(body);
    }

    /// <summary>A free loopback port with nothing listening on it (bound once, then released).</summary>
    public static int UnusedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
