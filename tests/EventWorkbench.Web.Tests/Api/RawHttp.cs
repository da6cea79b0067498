using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>An HTTP/1.1 answer as it came off the socket; <see cref="Status"/> 0 when the server closed without one.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var value) ? value : null;

    public string? MediaType => Header("content-type")?.Split(';')[0].Trim();

    public bool IsProblem => MediaType == "application/problem+json";

    public JsonObject Problem() => JsonNode.Parse(Body)!.AsObject();

    public override string ToString() => $"{Status} {Header("content-type")} {(Body.Length > 400 ? Body[..400] + "…" : Body)}";
}

/// <summary>
/// Requests written byte for byte over a TCP socket, for what HttpClient will not send: invalid UTF-8 in a header, a
/// body shorter than its Content-Length, a path with dot segments as written, duplicate or malformed framing headers.
/// </summary>
public static class RawHttp
{
    public static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(part => part).ToArray();

    /// <summary>A request: its request line, headers (each a whole "Name: value" line, as bytes) and body; Connection: close.</summary>
    public static byte[] Request(string method, byte[] target, IEnumerable<byte[]> headers, byte[]? body, bool contentLength = true)
    {
        var head = new List<byte[]> { Ascii($"{method} "), target, Ascii(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n") };
        foreach (var header in headers) head.Add(Concat(header, Ascii("\r\n")));
        if (body is not null && contentLength) head.Add(Ascii($"Content-Length: {body.Length}\r\n"));
        head.Add(Ascii("\r\n"));
        if (body is not null) head.Add(body);
        return Concat([.. head]);
    }

    public static byte[] Header(string name, string value) => Utf8($"{name}: {value}");

    public static byte[] Bearer(string key) => Header("Authorization", $"Bearer {key}");

    public static byte[] JsonType => Header("Content-Type", "application/json");

    /// <summary>Sends the bytes and reads the answer until the server closes the connection (or the timeout).</summary>
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, TimeSpan? timeout = null, bool closeAfterSending = false,
        TimeSpan? pauseBeforeClose = null)
    {
        using var client = new TcpClient { NoDelay = true };
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        await client.ConnectAsync(server.Host, server.Port, cancel.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, cancel.Token);
            if (pauseBeforeClose is { } pause) await Task.Delay(pause, cancel.Token);
            if (closeAfterSending) client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (a 413, a 431): read what it said.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancel.Token)) > 0) received.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // A reset after the answer: keep what arrived.
        }
        return Parse(received.ToArray());
    }

    private static RawResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0) return new RawResponse(0, new Dictionary<string, string>(), Encoding.UTF8.GetString(bytes));
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        var body = bytes[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            body = Unchunk(body);
        return new RawResponse(status, headers, Encoding.UTF8.GetString(body));
    }

    private static byte[] Unchunk(byte[] chunked)
    {
        var body = new MemoryStream();
        var at = 0;
        while (at < chunked.Length)
        {
            var lineEnd = chunked.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0) break;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, at, lineEnd).Split(';')[0], 16);
            if (size == 0) break;
            var start = at + lineEnd + 2;
            body.Write(chunked, start, Math.Min(size, chunked.Length - start));
            at = start + size + 2;
        }
        return body.ToArray();
    }
}
