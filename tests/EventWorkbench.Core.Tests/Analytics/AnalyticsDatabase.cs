using EventWorkbench.Analytics;
using EventWorkbench.Review;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using JasperFx;
using Marten;
using Npgsql;

namespace EventWorkbench.Core.Tests.Analytics;

/// <summary>
/// A fresh database holding analytics documents and proposal reviews stored directly (what the projections would store),
/// read as the dashboards and the explorer read them.
/// </summary>
public sealed class AnalyticsDatabase : IAsyncLifetime
{
    public static readonly DateOnly Day1 = new(2026, 11, 2); // a Monday
    public static readonly DateOnly Day2 = new(2026, 11, 3);
    public static readonly DateOnly Day3 = new(2026, 11, 10); // the next week

    public TestDatabase Database { get; private set; } = null!;
    public NpgsqlDataSource DataSource { get; private set; } = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync("analyticsreads");
        // As the schema owner, so the analytics documents' tables are made as they are first stored.
        _store = DocumentStore.For(options =>
        {
            options.Connection(Database.AdminConnectionString);
            EventStoreConfiguration.Configure(options);
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        DataSource = NpgsqlDataSource.Create(Database.AdminConnectionString);

        await using var session = _store.LightweightSession();
        session.Store(
            Card("gpt-x", "v1", "support", Day1, accepted: 3, edited: 1, rejected: 0, bins: [0, 0, 0, 0, 0, 0, 0, 1, 0, 3], medianSeconds: 60),
            Card("gpt-x", "v2", "support", Day1, accepted: 1, edited: 1, rejected: 2, bins: [1, 0, 0, 0, 0, 1, 0, 0, 0, 2], medianSeconds: 120),
            Card("gpt-x", "v1", "legal", Day2, accepted: 0, edited: 0, rejected: 1, bins: new int[10], medianSeconds: 30),
            Card("claude-y", "", "support", Day2, accepted: 2, edited: 0, rejected: 0, bins: [0, 0, 0, 0, 0, 0, 0, 0, 0, 2], medianSeconds: 10));
        session.Store(
            new ActivityByDay { Id = ActivityByDay.IdFor(Day1, "support"), Day = Day1, Product = "support", EventsByType = new() { ["proposal_generated"] = 8, ["proposal_accepted"] = 6 }, Total = 14 },
            new ActivityByDay { Id = ActivityByDay.IdFor(Day2, "legal"), Day = Day2, Product = "legal", EventsByType = new() { ["proposal_generated"] = 1 }, Total = 1 });
        session.Store(
            Person("ana", Day1, decisions: 2, edits: 1, curations: 0, judged: 3, agreed: 3),
            Person("ana", Day2, decisions: 1, edits: 0, curations: 1, judged: 1, agreed: 0),
            Person("tom", Day2, decisions: 5, edits: 0, curations: 0, judged: 0, agreed: 0),
            Person("tom", Day3, decisions: 0, edits: 0, curations: 0, judged: 0, agreed: 0)); // a day of judgements since replaced
        session.Store(
            Review("s1", "gpt-x", "v1", "support", "chat", Day1, ProposalOutcome.AcceptedUnchanged, "ana", 1.0, 60, "unchanged"),
            Review("s2", "gpt-x", "v1", "support", "email", Day1, ProposalOutcome.AcceptedEdited, "ana", 0.6, 120, "minor_wording"),
            Review("s3", "gpt-x", "v2", "support", "chat", Day2, ProposalOutcome.Rejected, "tom", null, 30, null),
            Review("s4", "claude-y", null, "legal", "chat", Day3, ProposalOutcome.AcceptedEdited, "tom", 0.2, 300, "substantial_rewrite"),
            Review("s5", "claude-y", null, null, "ide", Day3, ProposalOutcome.Pending, null, null, null, null));
        await session.SaveChangesAsync();
    }

    /// <summary>Stores more reviews for one test, and removes them again when the returned scope is disposed.</summary>
    public async Task<IAsyncDisposable> StoreForOneTestAsync(params ProposalReview[] reviews)
    {
        await using (var session = _store.LightweightSession())
        {
            session.Store(reviews);
            await session.SaveChangesAsync();
        }
        return new Removal(_store, reviews);
    }

    private sealed class Removal(DocumentStore store, ProposalReview[] reviews) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var session = store.LightweightSession();
            foreach (var review in reviews) session.Delete(review);
            await session.SaveChangesAsync();
        }
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return DataSource.DisposeAsync().AsTask();
    }

    private static ModelScorecard Card(string model, string prompt, string product, DateOnly day, int accepted, int edited, int rejected, int[] bins, double medianSeconds) => new()
    {
        Id = ModelScorecard.IdFor(model, prompt, product, day), Model = model, PromptVersion = prompt, Product = product, Day = day,
        Proposals = accepted + edited + rejected + 1, Pending = 1, AcceptedUnchanged = accepted, AcceptedEdited = edited, Rejected = rejected,
        SimilarityBins = bins, MedianTimeToDecisionSeconds = medianSeconds,
        DecisionSeconds = [.. Enumerable.Repeat(medianSeconds, accepted + edited + rejected)],
        // Entries are what a scorecard derives from; the dashboards never read them.
        Entries = new() { ["x/p1"] = new ScorecardEntry("AcceptedUnchanged", 1.0, 60, "unchanged") },
    };

    private static ReviewerActivity Person(string person, DateOnly day, int decisions, int edits, int curations, int judged, int agreed) => new()
    {
        Id = ReviewerActivity.IdFor(person, day), Person = person, Day = day, Decisions = decisions, Accepted = decisions,
        Edits = edits, Curations = curations, JudgedWithOthers = judged, AgreedWithOthers = agreed,
        // What the figures derive from; the dashboards never read them.
        DecisionSeconds = [.. Enumerable.Repeat(30.0, decisions)],
        JudgedAlongsideOthers = Enumerable.Range(0, judged).ToDictionary(i => $"s{i}/p1", i => new JudgementWithOthers(true, i < agreed)),
    };

    public static ProposalReview Review(
        string stream, string model, string? prompt, string? product, string channel, DateOnly day, ProposalOutcome outcome,
        string? decidedBy, double? similarity, double? seconds, string? category) => new()
    {
        Id = ProposalReview.IdFor(stream, "p1"), StreamId = stream, ProposalId = "p1", Model = model, PromptVersion = prompt, Product = product,
        Channel = channel, GeneratedAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), Outcome = outcome,
        DecidedBy = decidedBy, Similarity = similarity, TimeToDecisionSeconds = seconds, EditCategory = category, AiContent = "text",
    };
}
