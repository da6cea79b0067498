namespace EventWorkbench.Export;

/// <summary>
/// A write-only stream that gathers what a writer with synchronous writes (Parquet.Net) puts out, until
/// <see cref="DrainToAsync"/> sends it on asynchronously (a response body takes no synchronous writes). Its position
/// counts every byte ever written, so the writer's offsets are those of the whole file.
/// </summary>
internal sealed class SpoolStream : Stream
{
    private readonly MemoryStream _pending = new();
    private long _drained;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => _drained + _pending.Length;
    public override long Position { get => Length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _pending.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _pending.Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    /// <summary>Sends everything gathered to <paramref name="output"/> and starts gathering anew.</summary>
    public async Task DrainToAsync(Stream output, CancellationToken cancellationToken)
    {
        if (_pending.Length == 0) return;
        await output.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken);
        _drained += _pending.Length;
        _pending.SetLength(0);
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
