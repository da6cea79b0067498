using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventWorkbench.Export;

/// <summary>
/// Writes one JSON value per line through a <see cref="Utf8JsonWriter"/>, gathering lines in a buffer that goes to the
/// stream in chunks, so a large export streams in constant memory.
/// </summary>
public sealed class LineWriter(Stream output) : IAsyncDisposable
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Relaxed escaping: these are data files, never HTML, so non-ASCII text stays readable.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkBytes * 2);
    private readonly Utf8JsonWriter _json = new(Stream.Null, Options);

    public long Lines { get; private set; }

    /// <summary>A writer for the next line; <see cref="EndLineAsync"/> closes it.</summary>
    public Utf8JsonWriter BeginLine()
    {
        _json.Reset(_buffer);
        return _json;
    }

    public async ValueTask EndLineAsync(CancellationToken cancellationToken)
    {
        _json.Flush();
        WriteRaw("\n"u8);
        Lines++;
        if (_buffer.WrittenCount >= ChunkBytes) await FlushAsync(cancellationToken);
    }

    /// <summary>Text that is not JSON (the CSV table), appended as it is.</summary>
    public async ValueTask WriteTextAsync(string text, CancellationToken cancellationToken)
    {
        var span = _buffer.GetSpan(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        _buffer.Advance(System.Text.Encoding.UTF8.GetBytes(text, span));
        if (_buffer.WrittenCount >= ChunkBytes) await FlushAsync(cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount == 0) return;
        await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        _buffer.ResetWrittenCount();
    }

    public async ValueTask DisposeAsync()
    {
        await FlushAsync(CancellationToken.None);
        await _json.DisposeAsync();
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }
}
