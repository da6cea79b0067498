using EventWorkbench.Review;
using JasperFx.Events;
using Marten;

namespace EventWorkbench.Analytics;

/// <summary>The two reads the analytics groupers make: current reviews (inline) and stored events (immutable).</summary>
public static class AnalyticsReads
{
    public static async Task<IReadOnlyList<ProposalReview>> ReviewsOfAsync(IQuerySession session, string[] streams) =>
        streams.Length == 0 ? [] : await session.Query<ProposalReview>().Where(r => r.StreamId.IsOneOf(streams)).ToListAsync();

    /// <summary>The stored events of these types (null: of every type) on these streams, in stream order.</summary>
    public static async Task<IReadOnlyList<IEvent>> StoredEventsAsync(IQuerySession session, string[] streams, string[]? typeNames)
    {
        var query = session.Events.QueryAllRawEvents().Where(e => e.StreamKey!.IsOneOf(streams));
        if (typeNames is not null) query = query.Where(e => e.EventTypeName.IsOneOf(typeNames));
        var stored = await query.ToListAsync();
        return [.. stored.OrderBy(e => e.StreamKey, StringComparer.Ordinal).ThenBy(e => e.Version)];
    }
}
