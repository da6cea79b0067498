using System.Linq.Expressions;
using EventWorkbench.Streams;
using Marten;

namespace EventWorkbench.Review;

/// <summary>The read side of the Review feature, shared by the API and the review pages.</summary>
public sealed class ProposalQueries(IDocumentStore store)
{
    private const int MaxStreamsListed = 50;

    /// <summary>
    /// One page under the filter, with the counts beside it. Two statements: the page (ordered on an indexed column,
    /// so PostgreSQL stops after it) and one grouped count per outcome, from which the total follows.
    /// </summary>
    public async Task<ProposalListPage> ListAsync(ProposalFilter filter, CancellationToken cancellationToken = default)
    {
        var page = Math.Max(1, filter.Page);
        var pageSize = Math.Clamp(filter.PageSize, 1, ProposalFilter.MaxPageSize);
        await using var session = store.QuerySession();

        IReadOnlyList<ProposalReview> items = Paging.Offset(page, pageSize) is { } offset
            ? await ProposalSorting.Apply(Where(session, filter.Predicates()), filter.Sort, filter.Descending)
                .Skip(offset)
                .Take(pageSize)
                .ToListAsync(cancellationToken)
            : [];
        var (total, counts) = await CountByOutcomeAsync(session, filter, cancellationToken);
        return new ProposalListPage(items, page, pageSize, total, filter.Sort, filter.Descending, counts);
    }

    public async Task<ProposalReview?> GetAsync(string streamId, string proposalId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<ProposalReview>(ProposalReview.IdFor(streamId, proposalId), cancellationToken);
    }

    /// <summary>Finds a proposal by its id alone; when several streams use that id, says which (up to 50) instead.</summary>
    public async Task<ProposalMatch> FindAsync(string proposalId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession();
        var matches = await session.Query<ProposalReview>()
            .Where(r => r.ProposalId == proposalId)
            .OrderBy(r => r.StreamId)
            .Take(2)
            .ToListAsync(cancellationToken);
        if (matches.Count < 2) return new ProposalMatch(matches.Count == 0 ? null : matches[0], matches.Select(r => r.StreamId).ToList());

        var streams = await session.Query<ProposalReview>()
            .Where(r => r.ProposalId == proposalId)
            .OrderBy(r => r.StreamId)
            .Select(r => r.StreamId)
            .Take(MaxStreamsListed)
            .ToListAsync(cancellationToken);
        return new ProposalMatch(null, streams);
    }

    private static async Task<(long Total, ProposalCounts Counts)> CountByOutcomeAsync(
        IQuerySession session, ProposalFilter filter, CancellationToken cancellationToken)
    {
        var rows = await Where(session, filter.Predicates(includeOutcome: false))
            .GroupBy(r => r.Outcome)
            .Select(g => new OutcomeCount(g.Key, g.LongCount()))
            .ToListAsync(cancellationToken);
        var byOutcome = rows.ToDictionary(row => row.Outcome, row => row.Count);
        long Of(ProposalOutcome outcome) => byOutcome.GetValueOrDefault(outcome);
        var total = filter.Outcome is { } only ? Of(only) : byOutcome.Values.Sum();
        return (total, new ProposalCounts(Of(ProposalOutcome.Pending), Of(ProposalOutcome.AcceptedUnchanged),
            Of(ProposalOutcome.AcceptedEdited), Of(ProposalOutcome.Rejected)));
    }

    private static IQueryable<ProposalReview> Where(IQuerySession session, IEnumerable<Expression<Func<ProposalReview, bool>>> predicates)
    {
        var query = session.Query<ProposalReview>().AsQueryable();
        foreach (var predicate in predicates) query = query.Where(predicate);
        return query;
    }

    private sealed record OutcomeCount(ProposalOutcome Outcome, long Count);
}
