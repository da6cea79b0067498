using JasperFx.Events;

namespace EventWorkbench.Analytics;

/// <summary>
/// What the analytics groupers hand their projections instead of the raw events: each fact says what one event means
/// for one read model, worked out from the event and the inline <c>ProposalReview</c> it concerns. The folds apply facts
/// only, so they stay pure functions that tests can drive without a database.
/// </summary>
public static class AnalyticsFacts
{
    /// <summary>A fact carrying the metadata of the event it comes from (a fresh id, so a slice never mistakes two facts for one).</summary>
    public static IEvent Derived<T>(IEvent source, T data) where T : notnull => new Event<T>(data)
    {
        Id = Guid.NewGuid(),
        Sequence = source.Sequence,
        TenantId = source.TenantId,
        Version = source.Version,
        StreamId = source.StreamId,
        StreamKey = source.StreamKey,
        Timestamp = source.Timestamp,
        EventTypeName = source.EventTypeName,
        DotNetTypeName = source.DotNetTypeName,
    };

    public static DateOnly DayOf(DateTimeOffset timestamp) => DateOnly.FromDateTime(timestamp.UtcDateTime);
}

/// <summary>A proposal's contribution to the scorecard it now belongs to; <paramref name="Entry"/> null: it belongs to another one.</summary>
public sealed record ScorecardContribution(string ReviewId, ScorecardKey Key, ScorecardEntry? Entry);

public sealed record ScorecardKey(string Model, string PromptVersion, string Product, DateOnly Day)
{
    public string Id => ModelScorecard.IdFor(Model, PromptVersion, Product, Day);
}

public enum ReviewWorkKind { Accepted, Rejected, Edited, Curated }

/// <summary>One decision, edit or curation by one person on one day (UTC).</summary>
public sealed record ReviewWorkDone(string Person, ReviewWorkKind Kind, DateOnly Day, double? SecondsToDecide);

/// <summary>
/// Every person's current judgement of one proposal (true: positive), handed to <paramref name="Person"/>'s document of
/// the day the proposal was generated (<paramref name="Day"/>), for that person's agreement.
/// </summary>
public sealed record ProposalJudgements(string ReviewId, string Person, DateOnly Day, IReadOnlyDictionary<string, bool> PositiveByPerson);
