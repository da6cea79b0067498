using System.IO.Compression;
using System.Text.Json;
using EventWorkbench.Review;
using JasperFx.Events;
using Marten;

namespace EventWorkbench.Export;

/// <summary>What an export holds without its files: rows per split, rows dropped and why, and rows in the data file.</summary>
public sealed record ExportCounts(SplitCounts Rows, DroppedRows Dropped, long Written);

/// <summary>An <c>asOf</c> the log has not reached: exports are pinned to sequences that exist.</summary>
public sealed class AsOfBeyondLogException(long asOf, long highWaterMark)
    : Exception($"asOf {asOf} is beyond the log, whose highest sequence is {highWaterMark}")
{
    public long AsOf { get; } = asOf;
    public long HighWaterMark { get; } = highWaterMark;
}

/// <summary>
/// Writes a dataset from the events at or below one global sequence: the data file (in its container: JSON lines, gzip or
/// Parquet) and the lineage
/// file (one JSON line per data row: its row number, split, stream, proposals and the sequences of the events it came
/// from), both streamed, and returns the manifest. Rows come in a stable order (stream id, then generation order), so
/// the same request at the same <c>asOf</c> writes the same bytes whatever was appended since, until a data subject is
/// erased: the streams an erasure reached are left out (<see cref="ErasedStreams"/>).
/// </summary>
public sealed class DatasetExporter(IDocumentStore store)
{
    /// <summary>The sequence an export pins to: the one asked for, or the high-water mark; beyond the log is an error.</summary>
    public async Task<long> ResolveAsOfAsync(long? asOf, CancellationToken cancellationToken = default)
    {
        var highWaterMark = await PinnedEvents.HighWaterMarkAsync(store, cancellationToken);
        if (asOf is { } requested && requested > highWaterMark) throw new AsOfBeyondLogException(requested, highWaterMark);
        return asOf ?? highWaterMark;
    }

    public Task<ExportManifest> WriteAsync(ExportRequest request, Stream data, Stream lineage, CancellationToken cancellationToken = default) =>
        WriteAsync(request, data, lineage, null, cancellationToken);

    /// <summary>
    /// The export's counts (rows per split, rows dropped, rows in the file) with only its first <paramref name="rows"/>
    /// data rows written, as JSON lines, and no lineage: every row is still decided and counted, the rest are not
    /// written. What the export page previews, for a fraction of the export's work.
    /// </summary>
    public async Task<ExportCounts> CountAsync(ExportRequest request, Stream firstRows, int rows, CancellationToken cancellationToken = default)
    {
        var run = new ExportRun(request) { WriteLimit = rows };
        await WriteRunAsync(request with { Container = ExportContainer.Jsonl }, firstRows, Stream.Null, run, cancellationToken);
        return new ExportCounts(run.Counts, run.Dropped, run.Written);
    }

    /// <summary>Writes the export and gathers, into <paramref name="facts"/>, what its dataset card says about the rows' sources.</summary>
    public Task<ExportManifest> WriteAsync(
        ExportRequest request, Stream data, Stream lineage, DatasetFacts? facts, CancellationToken cancellationToken = default) =>
        WriteRunAsync(request, data, lineage, new ExportRun(request) { Facts = facts }, cancellationToken);

    private async Task<ExportManifest> WriteRunAsync(ExportRequest request, Stream data, Stream lineage, ExportRun run, CancellationToken cancellationToken)
    {
        var asOf = await ResolveAsOfAsync(request.AsOf, cancellationToken);
        run.Erased = await ErasedStreams.LoadAsync(store, cancellationToken);

        var dataDigest = new DigestStream(data);
        var lineageDigest = new DigestStream(lineage);
        await using (var compressed = request.Container == ExportContainer.JsonlGz && request.Format != ExportFormat.ReviewCsv
            ? new GZipStream(dataDigest, CompressionLevel.Optimal, leaveOpen: true)
            : null)
        {
            await using var rows = new LineWriter((Stream?)compressed ?? dataDigest);
            await using IExportDataRows dataRows = request.Container == ExportContainer.Parquet && request.Format != ExportFormat.ReviewCsv
                ? await ParquetDataRows.CreateAsync(request.Format, dataDigest, cancellationToken)
                : new JsonlDataRows(rows, request.Format);
            await using var lineageLines = new LineWriter(lineageDigest);
            switch (request.Format)
            {
                case ExportFormat.Events:
                    await using (var session = store.QuerySession())
                        await WriteEventsAsync(session, asOf, run, dataRows, lineageLines, cancellationToken);
                    break;
                case ExportFormat.ReviewCsv:
                    await WriteReviewTableAsync(store, asOf, run, rows, lineageLines, cancellationToken);
                    break;
                default:
                    await WriteTrainingRowsAsync(store, asOf, run, dataRows, lineageLines, cancellationToken);
                    break;
            }
        }
        await data.FlushAsync(cancellationToken);

        var dataFile = new ExportFile(ExportNames.DataFileName(request.Format, request.Container, request.Split), run.Written,
            dataDigest.BytesWritten, dataDigest.Sha256);
        var lineageFile = new ExportFile(ExportNames.LineageFileName, run.Written, lineageDigest.BytesWritten, lineageDigest.Sha256);
        return new ExportManifest(ExportNames.FormatVersion, ExportNames.Of(request.Format),
            request.Format == ExportFormat.ReviewCsv ? "csv" : ExportNames.Of(request.Container), asOf,
            request.Filter.Describe(), request.Split is { } split ? ExportNames.Of(split) : null, request.Seed, request.Ratios,
            request.Dedup && ExportNames.IsTraining(request.Format), request.IncludeOnly, run.Counts, run.Dropped, [dataFile, lineageFile]);
    }

    private static async Task WriteTrainingRowsAsync(
        IDocumentStore store, long asOf, ExportRun run, IExportDataRows rows, LineWriter lineage, CancellationToken cancellationToken)
    {
        var reviews = new PinnedReviews();
        var dedup = run.Request.Dedup ? new ContentDedup() : null;
        await foreach (var (streamId, events) in PinnedEvents.ByStreamAsync(store, asOf, ProposalEventGrouper.RelevantTypes, cancellationToken))
        {
            if (run.Erased.Contains(streamId)) continue;
            var split = SplitAssignment.Of(run.Request.Seed, streamId, run.Request.Ratios);
            foreach (var row in TrainingExamples.For(run.Request.Format, reviews.Fold(streamId, events)))
            {
                if (!run.Request.Filter.Matches(row.Sources[0]) || !run.PassesCuration(row.Sources)) continue;
                if (row.HasEmptySide)
                {
                    run.EmptySide++;
                    continue;
                }
                if (dedup is not null && dedup.IsDuplicate(ContentDedup.TextsOf(row)))
                {
                    run.Duplicate++;
                    continue;
                }
                if (!run.Take(split) || !run.WritesRow) continue;
                await rows.WriteAsync(row, split, cancellationToken);
                run.Facts?.Add(row.Sources);
                await WriteLineageAsync(lineage, run.Written, split, streamId, row.Sources.Select(s => s.Review.ProposalId),
                    row.Sources.SelectMany(s => s.Sequences).Distinct().Order(), cancellationToken);
            }
        }
    }

    private static async Task WriteReviewTableAsync(
        IDocumentStore store, long asOf, ExportRun run, LineWriter rows, LineWriter lineage, CancellationToken cancellationToken)
    {
        var reviews = new PinnedReviews();
        await rows.WriteTextAsync(ReviewCsv.Header, cancellationToken);
        await foreach (var (streamId, events) in PinnedEvents.ByStreamAsync(store, asOf, ProposalEventGrouper.RelevantTypes, cancellationToken))
        {
            if (run.Erased.Contains(streamId)) continue;
            var split = SplitAssignment.Of(run.Request.Seed, streamId, run.Request.Ratios);
            foreach (var pinned in reviews.Fold(streamId, events))
            {
                if (!run.Request.Filter.Matches(pinned) || !run.PassesCuration([pinned]) || !run.Take(split) || !run.WritesRow) continue;
                await rows.WriteTextAsync(ReviewCsv.Row(pinned.WithMetrics(), split), cancellationToken);
                run.Facts?.Add([pinned]);
                await WriteLineageAsync(lineage, run.Written, split, streamId, [pinned.Review.ProposalId], pinned.Sequences, cancellationToken);
            }
        }
    }

    private static async Task WriteEventsAsync(
        IQuerySession session, long asOf, ExportRun run, IExportDataRows rows, LineWriter lineage, CancellationToken cancellationToken)
    {
        var splits = new Dictionary<string, DatasetSplit>(StringComparer.Ordinal);
        await foreach (var e in PinnedEvents.InOrderAsync(session, asOf, cancellationToken))
        {
            var streamId = e.StreamKey!;
            if (run.Erased.Contains(streamId)) continue;
            if (!splits.TryGetValue(streamId, out var split))
                splits[streamId] = split = SplitAssignment.Of(run.Request.Seed, streamId, run.Request.Ratios);
            if (!run.Take(split) || !run.WritesRow) continue;
            await rows.WriteAsync(e, split, cancellationToken);
            await WriteLineageAsync(lineage, run.Written, split, streamId, ProposalIdOf(e) is { } id ? [id] : [], [e.Sequence], cancellationToken);
        }
    }

    private static string? ProposalIdOf(IEvent e) => e.Data is null ? null : ProposalRouting.ProposalIdOf(e.Data);

    private static async Task WriteLineageAsync(
        LineWriter lineage, long row, DatasetSplit split, string streamId, IEnumerable<string> proposalIds, IEnumerable<long> sequences,
        CancellationToken cancellationToken)
    {
        var json = lineage.BeginLine();
        json.WriteStartObject();
        json.WriteNumber("row", row);
        json.WriteString("split", ExportNames.Of(split));
        json.WriteString("streamId", streamId);
        json.WriteStartArray("proposalIds");
        foreach (var id in proposalIds) json.WriteStringValue(id);
        json.WriteEndArray();
        json.WriteStartArray("sequences");
        foreach (var sequence in sequences) json.WriteNumberValue(sequence);
        json.WriteEndArray();
        json.WriteEndObject();
        await lineage.EndLineAsync(cancellationToken);
    }

    /// <summary>The counts of one export as it runs.</summary>
    private sealed class ExportRun(ExportRequest request)
    {
        private readonly long[] _perSplit = new long[3];

        public ExportRequest Request { get; } = request;
        public DatasetFacts? Facts { get; init; }
        /// <summary>Streams an erasure reached: left out whole.</summary>
        public ErasedStreams Erased { get; set; } = ErasedStreams.None;
        /// <summary>Rows after this many are counted but not written (a preview); null writes them all.</summary>
        public long? WriteLimit { get; init; }
        public long Written { get; private set; }
        public long ExcludedByCuration { get; private set; }
        public long NotIncluded { get; private set; }
        public long EmptySide { get; set; }
        public long Duplicate { get; set; }

        public SplitCounts Counts => new(_perSplit[0], _perSplit[1], _perSplit[2]);
        public DroppedRows Dropped => new(ExcludedByCuration, NotIncluded, EmptySide, Duplicate);

        /// <summary>An <c>exclude</c> on any proposal a row comes from removes it; include-only needs <c>include</c> on its first.</summary>
        public bool PassesCuration(IReadOnlyList<PinnedReview> sources)
        {
            if (sources.Any(source => source.Review.Curation?.Verdict == Streams.CurationVerdict.Exclude))
            {
                ExcludedByCuration++;
                return false;
            }
            if (Request.IncludeOnly && sources[0].Review.Curation?.Verdict != Streams.CurationVerdict.Include)
            {
                NotIncluded++;
                return false;
            }
            return true;
        }

        /// <summary>Whether the row just taken is written: always, unless past the <see cref="WriteLimit"/>.</summary>
        public bool WritesRow => WriteLimit is not { } limit || Written <= limit;

        /// <summary>Counts a kept row in its split; true when the file holds that split.</summary>
        public bool Take(DatasetSplit split)
        {
            _perSplit[(int)split]++;
            if (Request.Split is { } only && only != split) return false;
            Written++;
            return true;
        }
    }
}
