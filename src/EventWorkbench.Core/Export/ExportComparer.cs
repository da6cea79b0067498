using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Marten;

namespace EventWorkbench.Export;

/// <summary>
/// Compares two exports of one format by re-creating both (pinned to their <c>asOf</c>, so they are the rows that were
/// downloaded) into temporary files and matching rows by lineage key. Memory stays bounded: the first export is held as
/// 16-byte hashes of each row's key and text (plus its split), and only the first <c>maxListed</c> differences keep
/// their texts; the rest are counted. Each listed difference names the events that explain it.
/// </summary>
public sealed class ExportComparer(IDocumentStore store, DatasetExporter exporter)
{
    public const int DefaultMaxListed = 100;

    public async Task<ExportComparison> CompareAsync(
        ExportRequest before, ExportRequest after, int maxListed = DefaultMaxListed, CancellationToken cancellationToken = default)
    {
        if (before.Format != after.Format)
            throw new ExportsNotComparableException(
                $"The exports have different formats ({ExportNames.Of(before.Format)} and {ExportNames.Of(after.Format)}): only exports of one format can be compared");
        await using var old = await ExportedRows.CreateAsync(exporter, before, cancellationToken);
        await using var now = await ExportedRows.CreateAsync(exporter, after, cancellationToken);

        var index = new Dictionary<UInt128, (UInt128 Text, DatasetSplit Split)>();
        await foreach (var row in old.ReadAsync(cancellationToken)) index[Hash(row.Key)] = (Hash(row.Text), row.Split);

        var listed = new List<Listed>();
        var awaitingBefore = new Dictionary<UInt128, Listed>();
        long added = 0, changed = 0, moved = 0, unchanged = 0, removed = 0, notListed = 0;
        bool Room()
        {
            if (listed.Count < maxListed) return true;
            notListed++;
            return false;
        }

        await foreach (var row in now.ReadAsync(cancellationToken))
        {
            var key = Hash(row.Key);
            if (!index.Remove(key, out var was))
            {
                added++;
                if (Room()) listed.Add(new Listed(RowChange.Added, row) { After = row });
                continue;
            }
            var textChanged = was.Text != Hash(row.Text);
            var splitMoved = was.Split != row.Split;
            if (textChanged) changed++;
            if (splitMoved) moved++;
            if (!textChanged && !splitMoved)
            {
                unchanged++;
                continue;
            }
            if (!Room()) continue;
            var difference = new Listed(RowChange.Changed, row) { After = row };
            listed.Add(difference);
            awaitingBefore[key] = difference;
        }

        await foreach (var row in old.ReadAsync(cancellationToken))
        {
            var key = Hash(row.Key);
            if (index.ContainsKey(key))
            {
                removed++;
                if (Room()) listed.Add(new Listed(RowChange.Removed, row) { Before = row });
            }
            else if (awaitingBefore.TryGetValue(key, out var difference)) difference.Before = row;
        }

        var (from, to) = (Math.Min(old.Manifest.AsOf, now.Manifest.AsOf), Math.Max(old.Manifest.AsOf, now.Manifest.AsOf));
        var streams = await ChangeExplanations.ReadStreamsAsync(store, listed.Select(d => d.Row.StreamId).Distinct().ToList(), to, cancellationToken);
        var differences = listed.Select(d => new RowDifference(
            d.Change, d.Row.Key, d.Row.StreamId, d.Row.ProposalIds, d.Before is { } b ? ExportNames.Of(b.Split) : null,
            d.After is { } a ? ExportNames.Of(a.Split) : null,
            RowFields.Deltas(before.Format, d.Before?.Text, d.After?.Text),
            streams.TryGetValue(d.Row.StreamId, out var events) ? ChangeExplanations.For(events, d.Row.ProposalIds, from, to) : [])).ToList();
        return new ExportComparison(ExportNames.Of(before.Format), old.Manifest.AsOf, now.Manifest.AsOf,
            new ComparisonCounts(added, removed, changed, moved, unchanged), differences, notListed);
    }

    private static UInt128 Hash(string text)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadUInt128BigEndian(digest);
    }

    private sealed class Listed(RowChange change, ExportedRow row)
    {
        public RowChange Change { get; } = change;
        public ExportedRow Row { get; } = row;
        public ExportedRow? Before { get; set; }
        public ExportedRow? After { get; set; }
    }
}
