using System.Linq.Expressions;
using Marten;

namespace EventWorkbench.Review;

internal static class ProposalSorting
{
    /// <summary>
    /// Orders by the chosen column, then by id so that paging is stable. Proposals without a value (no similarity
    /// while pending, no decision yet) come last in either direction: PostgreSQL would put them first when descending,
    /// filling the first pages with dashes.
    /// </summary>
    public static IQueryable<ProposalReview> Apply(IQueryable<ProposalReview> query, ProposalSort sort, bool descending) => sort switch
    {
        ProposalSort.DecidedAt => NullsLast(query, "(d.data ->> 'decidedAt')::timestamptz", descending),
        ProposalSort.StreamId => By(query, r => r.StreamId, descending),
        ProposalSort.ProposalId => By(query, r => r.ProposalId, descending),
        ProposalSort.Product => NullsLast(query, "d.product", descending),
        ProposalSort.Model => By(query, r => r.Model, descending),
        ProposalSort.Outcome => By(query, r => r.Outcome, descending),
        ProposalSort.Similarity => NullsLast(query, "d.similarity", descending),
        ProposalSort.EditDistance => NullsLast(query, "(d.data ->> 'editDistance')::integer", descending),
        ProposalSort.TimeToDecision => NullsLast(query, "(d.data ->> 'timeToDecisionSeconds')::double precision", descending),
        _ => By(query, r => r.GeneratedAt, descending),
    };

    private static IQueryable<ProposalReview> By<TKey>(
        IQueryable<ProposalReview> query, Expression<Func<ProposalReview, TKey>> key, bool descending) =>
        (descending ? query.OrderByDescending(key) : query.OrderBy(key)).ThenBy(r => r.Id);

    /// <param name="value">The SQL of the sorted value: a duplicated column, or the document's JSON field cast to its type.</param>
    private static IQueryable<ProposalReview> NullsLast(IQueryable<ProposalReview> query, string value, bool descending) =>
        query.OrderBySql($"{value} {(descending ? "desc" : "asc")} nulls last").ThenBySql("d.id");
}
