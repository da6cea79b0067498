using System.ComponentModel;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EventWorkbench.Analytics;

/// <summary>One <see cref="ReviewerActivity"/> per person and day, run by the async daemon; folds the facts <see cref="ReviewerRouting"/> makes.</summary>
[Description("Per person and day: decisions, edits, curations, time to decision, and agreement with others who judged the same proposal. The dashboards' reviewer charts read it.")]
public sealed partial class ReviewerActivityProjection : MultiStreamProjection<ReviewerActivity, string>
{
    public ReviewerActivityProjection()
    {
        IncludeType<ProposalEdited>();
        IncludeType<ProposalAccepted>();
        IncludeType<ProposalRejected>();
        IncludeType<ExampleCurated>();
        IncludeType<EventCorrected>();
        CustomGrouping(new ReviewerActivityGrouper());
    }

    public override ReviewerActivity? Evolve(ReviewerActivity? snapshot, string id, IEvent e) => e.Data switch
    {
        ReviewWorkDone work => Record(snapshot ?? new ReviewerActivity { Id = id, Person = work.Person, Day = work.Day }, work),
        ProposalJudgements judgements => Judge(snapshot, id, judgements),
        _ => snapshot,
    };

    public static ReviewerActivity Record(ReviewerActivity person, ReviewWorkDone work)
    {
        switch (work.Kind)
        {
            case ReviewWorkKind.Accepted or ReviewWorkKind.Rejected:
                person.Decisions++;
                if (work.Kind == ReviewWorkKind.Accepted) person.Accepted++;
                else person.Rejected++;
                if (work.SecondsToDecide is { } seconds) person.DecisionSeconds.Add(seconds);
                person.MedianTimeToDecisionSeconds = Median.Of(person.DecisionSeconds);
                break;
            case ReviewWorkKind.Edited:
                person.Edits++;
                break;
            case ReviewWorkKind.Curated:
                person.Curations++;
                break;
        }
        return person;
    }

    /// <summary>Replaces the person's judgement of one proposal alongside the others' (removed while nobody else judged it).</summary>
    public static ReviewerActivity? Judge(ReviewerActivity? snapshot, string id, ProposalJudgements judgements)
    {
        if (!judgements.PositiveByPerson.TryGetValue(judgements.Person, out var positive)) return snapshot;
        var others = judgements.PositiveByPerson.Where(pair => pair.Key != judgements.Person).Select(pair => pair.Value).ToList();
        if (others.Count == 0)
        {
            if (snapshot is not null && snapshot.JudgedAlongsideOthers.Remove(judgements.ReviewId)) Recount(snapshot);
            return snapshot;
        }

        var person = snapshot ?? new ReviewerActivity { Id = id, Person = judgements.Person, Day = judgements.Day };
        person.JudgedAlongsideOthers[judgements.ReviewId] = new JudgementWithOthers(positive, others.All(other => other == positive));
        Recount(person);
        return person;
    }

    private static void Recount(ReviewerActivity person)
    {
        person.JudgedWithOthers = person.JudgedAlongsideOthers.Count;
        person.AgreedWithOthers = person.JudgedAlongsideOthers.Values.Count(j => j.Agreed);
    }
}

/// <summary>Reads the current reviews and the stored decisions of the batch's streams; <see cref="ReviewerRouting"/> does the rest.</summary>
public sealed class ReviewerActivityGrouper : IJasperFxAggregateGrouper<string, IQuerySession>
{
    private static readonly string[] DecisionTypeNames =
        [EventCatalogue.WireName(typeof(ProposalAccepted)), EventCatalogue.WireName(typeof(ProposalRejected))];

    public async Task Group(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        var batch = events.Where(e => e.StreamKey is not null && !Ids.IsMartenStream(e.StreamKey) && !WorkbenchStreams.IsWorkbenchStream(e.StreamKey)).ToList();
        if (batch.Count == 0) return;
        var streams = batch.Select(e => e.StreamKey!).Distinct().ToArray();
        var reviews = await AnalyticsReads.ReviewsOfAsync(session, streams);
        var judged = batch.Where(e => e.Data is ProposalAccepted or ProposalRejected or ExampleCurated or EventCorrected)
            .Select(e => e.StreamKey!).Distinct().ToArray();
        var decisions = judged.Length == 0 ? [] : await AnalyticsReads.StoredEventsAsync(session, judged, DecisionTypeNames);

        foreach (var (person, fact) in ReviewerRouting.Route(batch, reviews, decisions)) grouping.AddEvent(person, fact);
    }
}
