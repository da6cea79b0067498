using EventWorkbench.Streams;
using Marten;
using Marten.Linq;
using Marten.Pagination;

namespace EventWorkbench.Review;

/// <summary>The read side of the Review feature, shared by the API and the review pages.</summary>
public sealed class ProposalQueries(IDocumentStore store)
{
    private const int MaxStreamsListed = 50;

    public async Task<ProposalListPage> ListAsync(ProposalFilter filter, CancellationToken cancellationToken = default)
    {
        var page = Math.Max(1, filter.Page);
        var pageSize = Math.Clamp(filter.PageSize, 1, ProposalFilter.MaxPageSize);
        await using var session = store.QuerySession();

        var query = session.Query<ProposalReview>().AsQueryable();
        foreach (var predicate in filter.Predicates()) query = query.Where(predicate);
        query = ProposalSorting.Apply(query, filter.Sort, filter.Descending);
        var result = await ((IMartenQueryable<ProposalReview>)query).ToPagedListAsync(page, pageSize, cancellationToken);

        var counts = await CountByOutcomeAsync(session, filter, result.TotalItemCount, cancellationToken);
        return new ProposalListPage(result.ToList(), result.TotalItemCount, page, pageSize, counts);
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

    private static async Task<ProposalCounts> CountByOutcomeAsync(
        IQuerySession session, ProposalFilter filter, long total, CancellationToken cancellationToken)
    {
        var batch = session.CreateBatchQuery();
        var counts = Enum.GetValues<ProposalOutcome>().ToDictionary(outcome => outcome, outcome =>
        {
            var query = batch.Query<ProposalReview>().Where(r => r.Outcome == outcome);
            foreach (var predicate in filter.Predicates(includeOutcome: false)) query = query.Where(predicate);
            return query.Count();
        });
        await batch.Execute(cancellationToken);
        return new ProposalCounts(
            total,
            await counts[ProposalOutcome.Pending],
            await counts[ProposalOutcome.AcceptedUnchanged],
            await counts[ProposalOutcome.AcceptedEdited],
            await counts[ProposalOutcome.Rejected]);
    }
}
