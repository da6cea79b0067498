using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace EventWorkbench.Export;

/// <summary>One row of an export as a comparison reads it: its lineage (stream, proposals, split), a key and its text.</summary>
public sealed record ExportedRow(string Key, string StreamId, IReadOnlyList<string> ProposalIds, DatasetSplit Split, string Text);

/// <summary>
/// An export re-created into two temporary files (data uncompressed, lineage), deleted when disposed, that can be read
/// back row by row as often as needed: a comparison walks them a few times without holding them in memory.
/// A row's key is its lineage: the stream and the proposals it came from (for the <c>events</c> format, the event's
/// sequence), which stays the same from one export of the log to a later one.
/// </summary>
public sealed class ExportedRows : IAsyncDisposable
{
    private readonly FileStream _data;
    private readonly FileStream _lineage;

    private ExportedRows(ExportRequest request, ExportManifest manifest, FileStream data, FileStream lineage) =>
        (Request, Manifest, _data, _lineage) = (request, manifest, data, lineage);

    public ExportRequest Request { get; }
    public ExportManifest Manifest { get; }

    public static async Task<ExportedRows> CreateAsync(DatasetExporter exporter, ExportRequest request, CancellationToken cancellationToken)
    {
        var data = TemporaryFile();
        var lineage = TemporaryFile();
        try
        {
            var manifest = await exporter.WriteAsync(request with { Container = ExportContainer.Jsonl }, data, lineage, cancellationToken);
            await lineage.FlushAsync(cancellationToken);
            return new ExportedRows(request, manifest, data, lineage);
        }
        catch
        {
            await data.DisposeAsync();
            await lineage.DisposeAsync();
            throw;
        }
    }

    /// <summary>The rows from the start, in the export's order.</summary>
    public async IAsyncEnumerable<ExportedRow> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        _data.Position = 0;
        _lineage.Position = 0;
        using var data = new StreamReader(_data, Encoding.UTF8, false, 64 * 1024, leaveOpen: true);
        using var lineage = new StreamReader(_lineage, Encoding.UTF8, false, 64 * 1024, leaveOpen: true);
        var csv = Request.Format == ExportFormat.ReviewCsv;
        if (csv) CsvRecords.Read(data);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await lineage.ReadLineAsync(cancellationToken) is { } lineageLine)
        {
            var text = csv ? CsvRecords.Read(data) : await data.ReadLineAsync(cancellationToken);
            if (text is null) throw new InvalidDataException("The export has fewer data rows than lineage rows");
            using var document = JsonDocument.Parse(lineageLine);
            var root = document.RootElement;
            var streamId = root.GetProperty("streamId").GetString()!;
            var proposalIds = root.GetProperty("proposalIds").EnumerateArray().Select(p => p.GetString()!).ToList();
            var split = SplitNamed(root.GetProperty("split").GetString()!);
            var key = Request.Format == ExportFormat.Events
                ? $"{streamId}@{root.GetProperty("sequences")[0].GetInt64()}"
                : $"{streamId}/{string.Join('+', proposalIds)}";
            // Two rows from the same proposals (not written today) would still get keys of their own.
            var occurrence = seen[key] = seen.GetValueOrDefault(key) + 1;
            if (occurrence > 1) key = $"{key}#{occurrence}";
            yield return new ExportedRow(key, streamId, proposalIds, split, text);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _data.DisposeAsync();
        await _lineage.DisposeAsync();
    }

    private static DatasetSplit SplitNamed(string name) =>
        Enum.GetValues<DatasetSplit>().First(split => ExportNames.Of(split) == name);

    private static FileStream TemporaryFile() => new(
        Path.Combine(Path.GetTempPath(), $"eventworkbench-compare-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
        FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
