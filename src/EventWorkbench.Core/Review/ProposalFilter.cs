using System.Linq.Expressions;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Marten.Linq.MatchesSql;

namespace EventWorkbench.Review;

public enum ProposalSort { GeneratedAt, DecidedAt, StreamId, ProposalId, Product, Model, Outcome, Similarity, EditDistance, TimeToDecision }

/// <summary>What the review queue and <c>GET /api/proposals</c> filter on. Every criterion is optional; dates are inclusive.</summary>
public sealed record ProposalFilter
{
    public const int MaxPageSize = 200;

    public ProposalOutcome? Outcome { get; init; }
    public string? Product { get; init; }
    public string? Model { get; init; }
    public string? PromptVersion { get; init; }
    public string? Category { get; init; }
    /// <summary>Where the interaction started (<see cref="ProposalReview.Channel"/>).</summary>
    public string? Channel { get; init; }
    /// <summary>Who accepted or rejected the proposal (<see cref="ProposalReview.DecidedBy"/>).</summary>
    public string? Reviewer { get; init; }
    public double? MinSimilarity { get; init; }
    public double? MaxSimilarity { get; init; }
    public bool? Curated { get; init; }
    public CurationVerdict? Verdict { get; init; }
    public DateTimeOffset? GeneratedFrom { get; init; }
    public DateTimeOffset? GeneratedTo { get; init; }
    /// <summary>Case-insensitive, in the AI content, the final content, the proposal id or the stream id.</summary>
    public string? Text { get; init; }

    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = 25;
    public ProposalSort Sort { get; init; } = ProposalSort.GeneratedAt;
    public bool Descending { get; init; } = true;

    /// <summary>The criteria as predicates Marten turns into SQL; the outcome can be left out for per-outcome counts.</summary>
    public IReadOnlyList<Expression<Func<ProposalReview, bool>>> Predicates(bool includeOutcome = true)
    {
        var predicates = new List<Expression<Func<ProposalReview, bool>>>();
        if (includeOutcome && Outcome is { } outcome) predicates.Add(r => r.Outcome == outcome);
        if (Present(Product) is { } product) predicates.Add(r => r.Product == product);
        if (Present(Model) is { } model) predicates.Add(r => r.Model == model);
        if (Present(PromptVersion) is { } promptVersion) predicates.Add(r => r.PromptVersion == promptVersion);
        if (Present(Category) is { } category) predicates.Add(r => r.EditCategory == category);
        if (Present(Channel) is { } channel) predicates.Add(r => r.Channel == channel);
        if (Present(Reviewer) is { } reviewer) predicates.Add(r => r.DecidedBy == reviewer);
        if (MinSimilarity is { } min) predicates.Add(r => r.Similarity >= min);
        if (MaxSimilarity is { } max) predicates.Add(r => r.Similarity <= max);
        if (Curated is true) predicates.Add(r => r.CurationHistory.Any());
        if (Curated is false) predicates.Add(r => !r.CurationHistory.Any());
        if (Verdict is { } verdict) predicates.Add(r => r.Curation!.Verdict == verdict);
        if (GeneratedFrom is { } from) predicates.Add(r => r.GeneratedAt >= from);
        if (GeneratedTo is { } to) predicates.Add(r => r.GeneratedAt <= to);
        if (Present(Text) is { } text)
        {
            // Written out so each clause matches its trigram index (EventSearchIndexes) and folds case in its collation.
            var pattern = EventSearchIndexes.SubstringPattern(text);
            predicates.Add(r => r.MatchesSql(TextMatch, pattern, pattern, pattern, pattern));
        }
        return predicates;
    }

    private static readonly string TextMatch = "(" + string.Join(" OR ",
        EventSearchIndexes.Matches("d.data ->> 'aiContent'", "?"), EventSearchIndexes.Matches("d.data ->> 'finalContent'", "?"),
        EventSearchIndexes.Matches("d.proposal_id", "?"), EventSearchIndexes.Matches("d.stream_id", "?")) + ")";

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>How many proposals of each outcome match the filter without its outcome (the queue's outcome chips).</summary>
public sealed record ProposalCounts(long Pending, long AcceptedUnchanged, long AcceptedEdited, long Rejected)
{
    public static ProposalCounts None { get; } = new(0, 0, 0, 0);
}

/// <summary>
/// One page of proposals, shaped as <see cref="Streams.StreamListPage"/> (<see cref="Total"/> under the whole filter),
/// with the per-outcome counts beside it.
/// </summary>
public sealed record ProposalListPage(
    IReadOnlyList<ProposalReview> Items, int Page, int PageSize, long Total, ProposalSort Sort, bool Descending, ProposalCounts Counts);

/// <summary>A lookup by proposal id alone: one review, none, or several streams using the same id.</summary>
public sealed record ProposalMatch(ProposalReview? Review, IReadOnlyList<string> Streams)
{
    public bool IsAmbiguous => Streams.Count > 1;
}
