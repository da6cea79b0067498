using System.Text.Json;
using EventWorkbench.Analytics;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Tests.Analytics;

/// <summary>
/// Events in memory, with the stream versions, sequence numbers and timestamps the store would give them, and the three
/// analytics folds run over them without a database: the reviews they read are folded by the review projection itself.
/// </summary>
public sealed class AnalyticsWorld
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly Dictionary<string, long> _versions = [];
    private long _sequence;

    public List<IEvent> Events { get; } = [];
    public DateTimeOffset Clock { get; set; } = Start;

    public IEvent Add<T>(string stream, T data, TimeSpan? after = null) where T : notnull
    {
        Clock += after ?? TimeSpan.FromSeconds(10);
        var version = _versions[stream] = _versions.GetValueOrDefault(stream) + 1;
        var e = new Event<T>(data)
        {
            StreamKey = stream, Version = version, Sequence = ++_sequence, Timestamp = Clock,
            EventTypeName = EventCatalogue.WireName(typeof(T)), DotNetTypeName = typeof(T).FullName!,
        };
        Events.Add(e);
        return e;
    }

    /// <summary>An event whose type is known only at run time (read from the wire).</summary>
    public IEvent AddObject(string stream, object data) =>
        (IEvent)typeof(AnalyticsWorld).GetMethod(nameof(Add))!.MakeGenericMethod(data.GetType()).Invoke(this, [stream, data, null])!;

    public IEvent Started(string stream, string? product = "support") => Add(stream, new InteractionStarted("chat", "Where is my parcel?", Product: product));

    public IEvent Generated(string stream, string proposalId, string content = "It ships tomorrow.", string model = "gpt-x", string? promptVersion = "v1") =>
        Add(stream, new ProposalGenerated(proposalId, model, [new ChatMessage("user", "Where?")], content, ContentType.Text, PromptVersion: promptVersion));

    public IEvent Edited(string stream, string proposalId, string content, string editor = "ana") => Add(stream, new ProposalEdited(proposalId, editor, content));
    public IEvent Accepted(string stream, string proposalId, string by = "ana", TimeSpan? after = null) => Add(stream, new ProposalAccepted(proposalId, by), after);
    public IEvent Rejected(string stream, string proposalId, string by = "ana", TimeSpan? after = null) => Add(stream, new ProposalRejected(proposalId, by), after);
    public IEvent Curated(string stream, string proposalId, string verdict, string by = "ml") =>
        Add(stream, new ExampleCurated(proposalId, by, Enum.Parse<CurationVerdict>(verdict, ignoreCase: true)));
    public IEvent Corrected(string stream, long version, object correction) =>
        Add(stream, new EventCorrected(version, "ops", "typo", JsonSerializer.SerializeToElement(correction)));

    /// <summary>Every proposal's review as the inline projection stores it after all the events so far.</summary>
    public List<ProposalReview> Reviews()
    {
        var projection = new ProposalReviewProjection();
        var reviews = new List<ProposalReview>();
        foreach (var stream in Events.GroupBy(e => e.StreamKey!))
        {
            foreach (var (id, events) in ProposalRouting.Route(stream.Key, [], [.. stream]))
            {
                ProposalReview? review = null;
                foreach (var e in events) review = projection.Evolve(review, id, e);
                if (review is not null) reviews.Add(review);
            }
        }
        return reviews;
    }

    /// <summary>
    /// The scorecards after folding the events in batches of <paramref name="batchSize"/> (all at once when null, as a
    /// rebuild). <paramref name="live"/>: the store holds only the events up to each batch (the daemon keeps up with the
    /// appends); otherwise it holds them all (the daemon catches up).
    /// </summary>
    public Dictionary<string, ModelScorecard> Scorecards(int? batchSize = null, bool live = false) =>
        Fold<ModelScorecard>(batchSize, live, (batch, stored, reviews) =>
            ScorecardRouting.Route(batch, reviews, stored.Where(e => e.Data is InteractionStarted or ProposalGenerated or EventCorrected).ToList()),
            (doc, id, e) => new ModelScorecardProjection().Evolve(doc, id, e));

    public Dictionary<string, ActivityByDay> Activity(int? batchSize = null, bool live = false) =>
        Fold<ActivityByDay>(batchSize, live, (batch, stored, _) =>
            ActivityRouting.Route(batch, stored), // every stored event, a superset of what the grouper reads
            (doc, id, e) => new ActivityByDayProjection().Evolve(doc, id, e));

    public Dictionary<string, ReviewerActivity> Reviewers(int? batchSize = null, bool live = false) =>
        Fold<ReviewerActivity>(batchSize, live, (batch, stored, reviews) =>
            ReviewerRouting.Route(batch, reviews, stored.Where(e => e.Data is ProposalAccepted or ProposalRejected).ToList()),
            (doc, id, e) => new ReviewerActivityProjection().Evolve(doc, id, e));

    /// <summary>Reviews as they stood after the first <paramref name="count"/> events (what the inline projection held then).</summary>
    public List<ProposalReview> ReviewsAfter(int count)
    {
        var all = Events.ToList();
        Events.RemoveRange(count, Events.Count - count);
        try { return Reviews(); }
        finally { Events.Clear(); Events.AddRange(all); }
    }

    private Dictionary<string, TDoc> Fold<TDoc>(
        int? batchSize, bool live, Func<List<IEvent>, List<IEvent>, List<ProposalReview>, List<(string, IEvent)>> route,
        Func<TDoc?, string, IEvent, TDoc?> evolve) where TDoc : class
    {
        var docs = new Dictionary<string, TDoc>(StringComparer.Ordinal);
        var size = batchSize ?? Math.Max(1, Events.Count);
        for (var start = 0; start < Events.Count; start += size)
        {
            var batch = Events.Skip(start).Take(size).ToList();
            var storedCount = live ? start + batch.Count : Events.Count;
            foreach (var (id, fact) in route(batch, Events.Take(storedCount).ToList(), ReviewsAfter(storedCount)))
            {
                var doc = evolve(docs.GetValueOrDefault(id), id, fact);
                if (doc is null) docs.Remove(id);
                else docs[id] = doc;
            }
        }
        return docs;
    }
}
