using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using Marten;
using Marten.Linq.MatchesSql;

namespace EventWorkbench.Streams;

public sealed record StreamFilter(
    string? Product = null,
    string? Text = null,
    int Page = 1,
    int PageSize = 25,
    StreamSort Sort = StreamSort.LastEventAt,
    bool Descending = true)
{
    public const int MaxPageSize = 200;
}

public enum StreamSort { LastEventAt, StartedAt, StreamId, Product, EventCount, Proposals }

/// <summary>One page of streams: the rows, where they sit, how many match in all and how they are sorted.</summary>
public sealed record StreamListPage(IReadOnlyList<InteractionSummary> Items, int Page, int PageSize, long Total, StreamSort Sort, bool Descending);

/// <summary>One event as people and clients read it: type, time, who, correlation, data as JSON.</summary>
public sealed record StoredEvent(
    Guid Id,
    long Version,
    long Sequence,
    string Type,
    DateTimeOffset Timestamp,
    string? Actor,
    string? CorrelationId,
    string? CausationId,
    IReadOnlyDictionary<string, object>? Headers,
    JsonElement Data);

/// <summary>The read side of the Streams feature, shared by the API and the workbench pages.</summary>
public sealed class StreamQueries(IDocumentStore store)
{
    public async Task<StreamListPage> ListAsync(StreamFilter filter, CancellationToken cancellationToken = default)
    {
        var page = Math.Max(1, filter.Page);
        var pageSize = Math.Clamp(filter.PageSize, 1, StreamFilter.MaxPageSize);
        await using var session = store.QuerySession();

        var query = Filtered(session.Query<InteractionSummary>(), filter);

        // The page and the total as two statements: ordered on an indexed column, the page stops after its rows
        // (ToPagedList's count(*) over() would read every matching row for each page).
        IReadOnlyList<InteractionSummary> items = Paging.Offset(page, pageSize) is { } offset
            ? await Sort(query, filter.Sort, filter.Descending).Skip(offset).Take(pageSize).ToListAsync(cancellationToken)
            : [];
        var total = await query.LongCountAsync(cancellationToken);
        return new StreamListPage(items, page, pageSize, total, filter.Sort, filter.Descending);
    }

    public async Task<InteractionSummary?> GetAsync(string streamId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<InteractionSummary>(streamId, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ProductsAsync(CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var products = await session.Query<InteractionSummary>()
            .Where(s => s.Product != null)
            .Select(s => s.Product!)
            .Distinct()
            .ToListAsync(cancellationToken);
        return products.Order(StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<IReadOnlyList<StoredEvent>> EventsAsync(
        string streamId, long fromVersion = 0, long toVersion = 0, CancellationToken cancellationToken = default)
    {
        if (WorkbenchStreams.IsWorkbenchStream(streamId)) return []; // the workbench's own logs have pages of their own
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(
            streamId, version: toVersion, fromVersion: fromVersion, token: cancellationToken);
        return events.Select(ToStored).ToList();
    }

    /// <summary>The streams the filter's product and text select (the text on the stream id and the input's start).</summary>
    public static IQueryable<InteractionSummary> Filtered(IQueryable<InteractionSummary> query, StreamFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Product)) query = query.Where(s => s.Product == filter.Product);
        if (string.IsNullOrWhiteSpace(filter.Text)) return query;
        var pattern = EventSearchIndexes.SubstringPattern(filter.Text.Trim());
        return query.Where(s => s.MatchesSql(TextMatch, pattern, pattern));
    }

    // The stream id and the start of its input, case folded as event search folds it; each has a trigram index
    // (EventSearchIndexes.StreamTextIndexes): without them, "refund" took 135 ms over 11,000 streams, every row read.
    private static readonly string TextMatch =
        $"({EventSearchIndexes.Matches("d.id", "?")} OR {EventSearchIndexes.Matches("d.data ->> 'inputPreview'", "?")})";

    /// <summary>An event as people and clients read it.</summary>
    public static StoredEvent ToStored(JasperFx.Events.IEvent e) => new(
        e.Id, e.Version, e.Sequence, e.EventTypeName, e.Timestamp, e.UserName, e.CorrelationId, e.CausationId,
        e.Headers, JsonSerializer.SerializeToElement(e.Data, e.EventType, EventCatalogue.Output));

    private static IQueryable<InteractionSummary> Sort(IQueryable<InteractionSummary> query, StreamSort sort, bool descending) =>
        (sort, descending) switch
        {
            (StreamSort.StartedAt, false) => query.OrderBy(s => s.StartedAt),
            (StreamSort.StartedAt, true) => query.OrderByDescending(s => s.StartedAt),
            (StreamSort.StreamId, false) => query.OrderBy(s => s.Id),
            (StreamSort.StreamId, true) => query.OrderByDescending(s => s.Id),
            (StreamSort.Product, false) => query.OrderBy(s => s.Product).ThenBy(s => s.Id),
            (StreamSort.Product, true) => query.OrderByDescending(s => s.Product).ThenBy(s => s.Id),
            (StreamSort.EventCount, false) => query.OrderBy(s => s.EventCount).ThenBy(s => s.Id),
            (StreamSort.EventCount, true) => query.OrderByDescending(s => s.EventCount).ThenBy(s => s.Id),
            (StreamSort.Proposals, false) => query.OrderBy(s => s.Proposals).ThenBy(s => s.Id),
            (StreamSort.Proposals, true) => query.OrderByDescending(s => s.Proposals).ThenBy(s => s.Id),
            (_, false) => query.OrderBy(s => s.LastEventAt).ThenBy(s => s.Id),
            _ => query.OrderByDescending(s => s.LastEventAt).ThenBy(s => s.Id),
        };
}
