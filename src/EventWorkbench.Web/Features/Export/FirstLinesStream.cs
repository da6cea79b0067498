using System.Text;

namespace EventWorkbench.Web.Features.Export;

/// <summary>One line of a preview: its start, and how many bytes of it are not shown.</summary>
public sealed record PreviewLine(string Text, long BytesNotShown);

/// <summary>
/// A write-only stream that keeps the first lines written to it, each cut at <paramref name="maxBytesPerLine"/>
/// bytes, and drops everything else, so a preview of an export of any size holds a few kilobytes.
/// </summary>
public sealed class FirstLinesStream(int lines, int maxBytesPerLine) : Stream
{
    private readonly List<PreviewLine> _done = [];
    private readonly MemoryStream _current = new();
    private long _currentLength;

    /// <summary>The lines kept, the last one included when it had no line feed.</summary>
    public IReadOnlyList<PreviewLine> Lines => _currentLength == 0 || _done.Count >= lines ? _done : [.. _done, Kept()];

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty && _done.Count < lines)
        {
            var end = buffer.IndexOf((byte)'\n');
            var piece = end < 0 ? buffer : buffer[..end];
            var room = (int)Math.Max(0, maxBytesPerLine - _currentLength);
            _current.Write(piece[..Math.Min(room, piece.Length)]);
            _currentLength += piece.Length;
            if (end < 0) return;
            _done.Add(Kept());
            _current.SetLength(0);
            _currentLength = 0;
            buffer = buffer[(end + 1)..];
        }
    }

    private PreviewLine Kept()
    {
        var text = Encoding.UTF8.GetString(_current.GetBuffer(), 0, (int)_current.Length).TrimEnd('\r');
        if (_currentLength > _current.Length) text = text.TrimEnd('\uFFFD'); // a character cut in two
        return new PreviewLine(text, _currentLength - _current.Length);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current.Dispose();
        base.Dispose(disposing);
    }
}
