using EventWorkbench.Access;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Npgsql;

namespace EventWorkbench.Projections;

/// <summary>
/// The events Marten folded into a document, found the way its projection groups them: a review's are the events of its
/// stream about its proposal plus the stream's context (start, corrections); an interaction summary's are its stream's; an
/// account's are the access log's events naming it. Any other document: the stream its <c>streamId</c> names, else the
/// stream whose id it has. Only events up to the shadow's position, oldest first, at most <see cref="MaxEvents"/>.
/// </summary>
public sealed class ShadowExplainer(NpgsqlDataSource dataSource)
{
    public const int MaxEvents = 50;
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    private static readonly string[] ContextTypes =
        [EventCatalogue.WireName(typeof(InteractionStarted)), EventCatalogue.WireName(typeof(EventCorrected))];

    public async Task<(IReadOnlyList<ExplainingEvent> Events, long Total)> ExplainAsync(
        ShadowedProjection projection, string documentId, long builtThrough, CancellationToken cancellationToken)
    {
        var (streamId, filter, parameter) = await SelectionAsync(projection, documentId, cancellationToken);
        if (streamId is null) return ([], 0);

        var where = $"stream_id = @stream AND seq_id <= @through{filter}";
        await using var command = dataSource.CreateCommand($"""
            SELECT seq_id, stream_id, version, type, timestamp, count(*) OVER () FROM {Events}
            WHERE {where} ORDER BY seq_id LIMIT {MaxEvents}
            """);
        command.Parameters.AddWithValue("stream", streamId);
        command.Parameters.AddWithValue("through", builtThrough);
        command.Parameters.AddWithValue("key", parameter ?? "");
        command.Parameters.AddWithValue("context", ContextTypes);
        var found = new List<ExplainingEvent>();
        long total = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new ExplainingEvent(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
            total = reader.GetInt64(5);
        }
        return (found, total);
    }

    private async Task<(string? StreamId, string Filter, string? Parameter)> SelectionAsync(
        ShadowedProjection projection, string documentId, CancellationToken cancellationToken)
    {
        if (projection.DocumentType == typeof(Account))
            return (WorkbenchStreams.Access, " AND data ->> 'userName' = @key", documentId);
        if (projection.DocumentType == typeof(InteractionSummary)) return (documentId, "", null);

        var (streamId, proposalId) = await NamedStreamAsync(projection, documentId, cancellationToken);
        if (projection.DocumentType == typeof(ProposalReview) && streamId is not null && proposalId is not null)
            return (streamId, " AND (data ->> 'proposalId' = @key OR type = ANY(@context))", proposalId);
        return (streamId ?? documentId, "", null);
    }

    /// <summary>The <c>streamId</c> and <c>proposalId</c> the document holds, in the shadow or else live.</summary>
    private async Task<(string? StreamId, string? ProposalId)> NamedStreamAsync(
        ShadowedProjection projection, string documentId, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { projection.ShadowTable, projection.LiveTable })
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT data ->> 'streamId', data ->> 'proposalId' FROM {table} WHERE id = @id");
            command.Parameters.AddWithValue("id", documentId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
                return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        }
        return (null, null);
    }
}
