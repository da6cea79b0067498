using System.Diagnostics;
using EventWorkbench.Access;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// The last step of an inline projection's rebuild. Appends go on while the rebuild replays, and each applies the
/// projection to documents the rebuild has not reached yet or is about to overwrite, so the documents of every stream
/// appended to since the rebuild tore them down can be wrong. With the <see cref="InlineProjectionGate"/> closed
/// (appends wait, briefly), this drops those documents and folds the streams again from their first event, with the
/// projection's own inline code, in one transaction.
/// </summary>
internal static class InlineRebuildCatchUp
{
    /// <summary>
    /// Which documents of each inline projection's document types come from the given streams (<c>@streams</c>):
    /// a projection made inline must say, or its rebuild fails here rather than leave documents wrong.
    /// </summary>
    private static readonly Dictionary<Type, string> DocumentsOfStreams = new()
    {
        [typeof(ProposalReview)] = "stream_id = any(@streams)",
        [typeof(InteractionSummary)] = "id = any(@streams)",
        [typeof(Account)] = $"'{WorkbenchStreams.Access}' = any(@streams)", // every account folds from the access stream
    };

    public static IReadOnlyCollection<Type> DocumentTypesKnown => DocumentsOfStreams.Keys;

    /// <returns>How many streams were folded again, and how long appends waited.</returns>
    public static async Task<(int Streams, TimeSpan GateClosed)> RunAsync(
        IDocumentStore store, IProjectionSource<IDocumentOperations, IQuerySession> source, long replayedThrough, CancellationToken cancellationToken)
    {
        ClausesOf(source); // fails before the gate closes when the projection's documents are unknown

        await using var session = store.LightweightSession();
        await InlineProjectionGate.CloseAsync(session, cancellationToken);
        var closed = Stopwatch.StartNew();
        var streams = await StreamsAppendedSinceAsync(session, store, replayedThrough, cancellationToken);
        if (streams.Length == 0) return (0, closed.Elapsed); // nothing was appended: the transaction ends with the session

        await RefoldAsync(session, store, [source], streams, cancellationToken);
        await session.SaveChangesAsync(cancellationToken);
        return (streams.Length, closed.Elapsed);
    }

    /// <summary>
    /// Drops the documents the given inline projections made from <paramref name="streams"/> and folds those streams
    /// again from their first event, in the session's transaction; the caller has closed the gate and saves the session.
    /// </summary>
    public static async Task RefoldAsync(
        IDocumentSession session, IDocumentStore store, IReadOnlyList<IProjectionSource<IDocumentOperations, IQuerySession>> sources,
        string[] streams, CancellationToken cancellationToken)
    {
        foreach (var (type, clause) in sources.SelectMany(ClausesOf))
        {
            var table = store.Options.FindOrResolveDocumentType(type).TableName.QualifiedName;
            await using var delete = new NpgsqlCommand($"delete from {table} where {clause}", session.Connection);
            delete.Parameters.AddWithValue("streams", streams);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => streams.Contains(e.StreamKey))
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        var actions = events.GroupBy(e => e.StreamKey!).Select(stream => StreamAction.Start(stream.Key, [.. stream])).ToList();
        foreach (var source in sources) await source.BuildForInline().ApplyAsync(session, actions, cancellationToken);
    }

    private static Dictionary<Type, string> ClausesOf(IProjectionSource<IDocumentOperations, IQuerySession> source) =>
        source.PublishedTypes().ToDictionary(type => type, type => DocumentsOfStreams.TryGetValue(type, out var clause)
            ? clause
            : throw new InvalidOperationException($"The inline projection {source.Name} stores {type.Name}, and the rebuild does not know which of those documents a stream makes: add it to {nameof(InlineRebuildCatchUp)}."));

    private static async Task<string[]> StreamsAppendedSinceAsync(
        IDocumentSession session, IDocumentStore store, long sequence, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select distinct stream_id from {store.Options.Events.DatabaseSchemaName}.mt_events where seq_id > @sequence", session.Connection);
        command.Parameters.AddWithValue("sequence", sequence);
        var streams = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) streams.Add(reader.GetString(0));
        return [.. streams];
    }
}
