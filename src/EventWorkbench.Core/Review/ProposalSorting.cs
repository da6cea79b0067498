namespace EventWorkbench.Review;

internal static class ProposalSorting
{
    /// <summary>Orders by the chosen column, then by id so that paging is stable.</summary>
    public static IQueryable<ProposalReview> Apply(IQueryable<ProposalReview> query, ProposalSort sort, bool descending)
    {
        var ordered = (sort, descending) switch
        {
            (ProposalSort.DecidedAt, false) => query.OrderBy(r => r.DecidedAt),
            (ProposalSort.DecidedAt, true) => query.OrderByDescending(r => r.DecidedAt),
            (ProposalSort.StreamId, false) => query.OrderBy(r => r.StreamId),
            (ProposalSort.StreamId, true) => query.OrderByDescending(r => r.StreamId),
            (ProposalSort.ProposalId, false) => query.OrderBy(r => r.ProposalId),
            (ProposalSort.ProposalId, true) => query.OrderByDescending(r => r.ProposalId),
            (ProposalSort.Product, false) => query.OrderBy(r => r.Product),
            (ProposalSort.Product, true) => query.OrderByDescending(r => r.Product),
            (ProposalSort.Model, false) => query.OrderBy(r => r.Model),
            (ProposalSort.Model, true) => query.OrderByDescending(r => r.Model),
            (ProposalSort.Outcome, false) => query.OrderBy(r => r.Outcome),
            (ProposalSort.Outcome, true) => query.OrderByDescending(r => r.Outcome),
            (ProposalSort.Similarity, false) => query.OrderBy(r => r.Similarity),
            (ProposalSort.Similarity, true) => query.OrderByDescending(r => r.Similarity),
            (ProposalSort.EditDistance, false) => query.OrderBy(r => r.EditDistance),
            (ProposalSort.EditDistance, true) => query.OrderByDescending(r => r.EditDistance),
            (ProposalSort.TimeToDecision, false) => query.OrderBy(r => r.TimeToDecisionSeconds),
            (ProposalSort.TimeToDecision, true) => query.OrderByDescending(r => r.TimeToDecisionSeconds),
            (_, false) => query.OrderBy(r => r.GeneratedAt),
            _ => query.OrderByDescending(r => r.GeneratedAt),
        };
        return ordered.ThenBy(r => r.Id);
    }
}
