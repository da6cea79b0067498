using EventWorkbench.Ingest;
using EventWorkbench.Projections;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using JasperFx.Events.Projections;
using Marten;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Tests.Projections;

/// <summary>
/// Rebuilds through <see cref="ProjectionRebuilds"/> on real PostgreSQL: the result equals the inline state, the
/// progress it reports tracks the position Marten stores, a cancelled rebuild resumes from where it stopped and ends
/// equal to a full one, and every finished rebuild is a <c>projection_rebuilt</c> on the rebuild log.
/// </summary>
[Collection(RebuildTests.Name)]
public sealed class ProjectionRebuildTests(RebuildStore fixture) : IClassFixture<RebuildStore>
{
    private const string ProposalReview = nameof(ProposalReview);
    private const int MartenBatch = 500;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_rebuild_of_ProposalReview_equals_the_state_the_inline_projection_kept()
    {
        var prefix = $"inline-{Guid.NewGuid():N}"[..15];
        for (var seed = 0; seed < 12; seed++)
        {
            var events = GeneratedStream.Events(seed, 60);
            (await fixture.Appender.AppendAsync($"{prefix}-{seed}", new AppendRequest(events, ExpectedVersion: 0), new AppendContext("test", "api")))
                .ShouldBeOfType<AppendOutcome.Appended>();
        }
        var inline = await fixture.StoredReviewsAsync(prefix);
        await using var rebuilds = fixture.Rebuilds();

        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        var job = await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience);

        job!.State.ShouldBe(RebuildState.Done, job.Error);
        inline.Count.ShouldBeGreaterThan(12);
        (await fixture.StoredReviewsAsync(prefix)).ShouldBe(inline);
        (await fixture.TruePositionAsync("ProposalReview:All")).ShouldBeNull("an inline projection keeps no position once rebuilt");
    }

    [Fact]
    public async Task Appends_while_ProposalReview_rebuilds_leave_the_documents_a_rebuild_without_them_makes()
    {
        var prefix = $"during-{Guid.NewGuid():N}"[..15];
        var context = new AppendContext("test", "api");
        var streams = Enumerable.Range(0, 12).Select(seed => (Id: $"{prefix}-{seed}", Events: GeneratedStream.Events(seed, 60))).ToList();
        foreach (var (stream, events) in streams)
            (await fixture.Appender.AppendAsync(stream, new AppendRequest([.. events.Take(20)], ExpectedVersion: 0), context)).ShouldBeOfType<AppendOutcome.Appended>();
        await using var rebuilds = fixture.Rebuilds();

        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        // Decisions, edits and corrections of proposals the rebuild has or has not reached yet, while it runs.
        var appended = 20;
        while (await rebuilds.FindAsync(ProposalReview) is { State: RebuildState.Running } && appended < 60)
        {
            foreach (var (stream, events) in streams)
            {
                var request = new AppendRequest([.. events.Skip(appended).Take(10)], ExpectedVersion: appended);
                (await fixture.Appender.AppendAsync(stream, request, context)).ShouldBeOfType<AppendOutcome.Appended>();
            }
            appended += 10;
        }
        (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Done);
        var rebuiltWhileAppending = await fixture.StoredReviewsAsync(prefix);
        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Done);

        appended.ShouldBeGreaterThan(20, "some appends came while the rebuild ran");
        rebuiltWhileAppending.ShouldBe(await fixture.StoredReviewsAsync(prefix));
    }

    [Fact]
    public void Every_inline_projection_says_which_of_its_documents_a_stream_makes()
    {
        var inline = RegisteredProjections.All(fixture.Store).Where(p => p.Lifecycle == ProjectionLifecycle.Inline).ToList();

        inline.Select(p => p.Name).ShouldBe(["Account", "ProposalReview", "InteractionSummary"], ignoreOrder: true);
        inline.SelectMany(p => p.PublishedTypes()).ShouldBeSubsetOf(InlineRebuildCatchUp.DocumentTypesKnown);
    }

    [Fact]
    public async Task Progress_reported_while_rebuilding_is_within_a_few_percent_of_the_true_position()
    {
        await using var rebuilds = fixture.Rebuilds();
        var started = (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        var total = started.Progress.Total;
        var samples = new List<(long Reported, long True)>();

        while (await rebuilds.FindAsync(ProposalReview) is { State: RebuildState.Running } job)
        {
            var truePosition = await fixture.TruePositionAsync("ProposalReview:All");
            if (truePosition is { } position && job.Done > 0) samples.Add((job.Done, position));
            await Task.Delay(20);
        }

        (await rebuilds.FindAsync(ProposalReview))!.State.ShouldBe(RebuildState.Done);
        samples.Count.ShouldBeGreaterThan(3, "the rebuild ran long enough to be sampled");
        // The position moves a batch at a time (Marten reads 500 events a batch): on a small store a few batches are
        // more than 5% of the total, so the allowed gap is the larger of the two.
        var allowed = Math.Max(0.05 * total, 2 * MartenBatch);
        foreach (var (reported, truePosition) in samples)
        {
            reported.ShouldBeLessThanOrEqualTo(truePosition, "the reported position never runs ahead of the stored one");
            ((double)(truePosition - reported)).ShouldBeLessThan(allowed, $"reported {reported}, true {truePosition} of {total}");
        }
        samples.Select(s => s.Reported).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task A_cancelled_rebuild_resumes_from_where_it_stopped_reads_fewer_events_and_ends_equal_to_a_full_rebuild()
    {
        var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(logs));
        await using var rebuilds = fixture.Rebuilds(loggers);
        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Done);
        var full = await fixture.StoredReviewsAsync();

        var started = (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        var total = started.Progress.Total;
        while (await rebuilds.FindAsync(ProposalReview) is { State: RebuildState.Running } running && running.Done < total / 4) await Task.Delay(20);
        (await rebuilds.CancelAsync(ProposalReview, "ben", "peak hours")).ShouldBeOfType<RebuildCancel.Requested>();
        var cancelled = (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!;

        cancelled.State.ShouldBe(RebuildState.Cancelled);
        cancelled.CancelledBy.ShouldBe("ben");
        cancelled.CancelReason.ShouldBe("peak hours");
        cancelled.Done.ShouldBeLessThan(total);
        (await fixture.TruePositionAsync("ProposalReview:All")).ShouldBe(cancelled.Done);
        var stopped = (await Catalogue(rebuilds).ListAsync()).Single(p => p.Name == ProposalReview);
        stopped.State.ShouldBe(ProjectionStatus.Stopped);
        stopped.PositionIsHighWaterMark.ShouldBeFalse();
        stopped.Position.ShouldBe(cancelled.Done);
        stopped.Lag.ShouldBe(stopped.HighWaterMark - cancelled.Done);

        var resumed = (await rebuilds.ResumeAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        resumed.Progress.From.ShouldBe(cancelled.Done);
        var done = (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!;

        done.State.ShouldBe(RebuildState.Done, done.Error);
        done.Resumes.ShouldBe(1);
        done.EventsThisRun.ShouldBe(total - cancelled.Done);
        done.EventsThisRun.ShouldBeLessThan(total, "the resumed run did not start from zero");
        (await fixture.StoredReviewsAsync()).ShouldBe(full);
        logs.Entries.Last(e => e.Message.StartsWith("Folded ProposalReview again", StringComparison.Ordinal)).Message
            .ShouldStartWith("Folded ProposalReview again for the 0 streams", Case.Sensitive, "nothing was appended since the first run tore the reviews down");
    }

    [Fact]
    public async Task The_catalogue_lists_every_registered_projection_with_documents_and_inline_positions_at_the_high_water_mark()
    {
        await using var rebuilds = fixture.Rebuilds();
        var catalogue = Catalogue(rebuilds);

        var figures = await catalogue.ListAsync();
        var again = await catalogue.ListAsync();

        figures.Select(p => p.Name).ShouldBe(RegisteredProjections.Names(fixture.Store), ignoreOrder: true);
        figures.Select(p => p.Name).ShouldContain(ProposalReview);
        var review = figures.Single(p => p.Name == ProposalReview);
        review.Lifecycle.ShouldBe("inline");
        review.DocumentTypes.ShouldBe([nameof(ProposalReview)]);
        figures.ShouldAllBe(p => !string.IsNullOrWhiteSpace(p.Description)); // every projection says what it holds and what reads it
        review.Description.ShouldStartWith("One per proposal");
        review.Documents.ShouldBeGreaterThan(RebuildStore.SyntheticEvents / 60);
        review.PositionIsHighWaterMark.ShouldBeTrue();
        review.Position.ShouldBe(review.HighWaterMark);
        review.Lag.ShouldBe(0);
        review.State.ShouldBe(ProjectionStatus.Running);
        again.Single(p => p.Name == ProposalReview).LagTrend.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task While_an_inline_projection_rebuilds_its_row_shows_the_rebuilds_position_and_what_it_has_left_not_the_high_water_mark()
    {
        await using var rebuilds = fixture.Rebuilds();
        var catalogue = Catalogue(rebuilds);
        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        var samples = new List<ProjectionFigures>();

        while (await rebuilds.FindAsync(ProposalReview) is { State: RebuildState.Running })
        {
            var row = (await catalogue.ListAsync()).Single(p => p.Name == ProposalReview);
            if (row.State == ProjectionStatus.Rebuilding) samples.Add(row);
        }

        samples.ShouldNotBeEmpty("the rebuild ran long enough to be listed");
        foreach (var row in samples)
        {
            row.PositionIsHighWaterMark.ShouldBeFalse();
            row.Position.ShouldBe(row.Rebuild!.Done);
            row.Lag.ShouldBe(row.Rebuild.Total - row.Rebuild.Done);
        }
        samples.ShouldContain(row => row.Lag > 0 && row.Position < row.HighWaterMark, "part way, it is behind");
        var after = (await catalogue.ListAsync()).Single(p => p.Name == ProposalReview);
        after.State.ShouldBe(ProjectionStatus.Running);
        after.PositionIsHighWaterMark.ShouldBeTrue();
        after.Lag.ShouldBe(0);
    }

    [Fact]
    public async Task A_finished_rebuild_appends_projection_rebuilt_and_the_log_lists_it()
    {
        await using var rebuilds = fixture.Rebuilds();
        (await rebuilds.StartAsync("InteractionSummary", "carla")).ShouldBeOfType<RebuildStart.Started>();
        var job = (await rebuilds.WaitAsync("InteractionSummary").WaitAsync(Patience))!;

        job.State.ShouldBe(RebuildState.Done, job.Error);
        await using var session = fixture.Store.QuerySession();
        var logged = (await session.Events.FetchStreamAsync(WorkbenchStreams.Projections)).Select(e => e.Data).OfType<ProjectionRebuilt>().Last();
        logged.Name.ShouldBe("InteractionSummary");
        logged.By.ShouldBe("carla");
        logged.Events.ShouldBe(job.Total);
        logged.DurationMs.ShouldBeGreaterThan(0);
        (await new RebuildLog(fixture.Store).ListAsync())[0].ShouldSatisfyAllConditions(
            r => r.Name.ShouldBe("InteractionSummary"), r => r.By.ShouldBe("carla"));
    }

    private ProjectionCatalogue Catalogue(ProjectionRebuilds rebuilds) => new(fixture.Store, rebuilds, new LagTrends());

    [Fact]
    public async Task A_cancel_once_the_replay_is_done_is_refused_and_asks_nothing_of_the_run()
    {
        const string Projection = "ReviewerActivity";
        await using (var session = fixture.Store.LightweightSession())
        {
            var at = DateTimeOffset.UtcNow; // written just now: its node is alive
            session.Store(new RebuildJob
            {
                Id = Projection, By = "ana", Node = "elsewhere", StartedAt = at, RunStartedAt = at, UpdatedAt = at,
                State = RebuildState.Running, TornDownAt = 100, Done = 100, Total = 100, Finishing = true,
            });
            await session.SaveChangesAsync();
        }
        await using var rebuilds = fixture.Rebuilds();

        (await rebuilds.CancelAsync(Projection, "ben", "too late")).ShouldBe(new RebuildCancel.Finishing(Projection));
        await using var query = fixture.Store.QuerySession();
        (await query.LoadAsync<RebuildCancelRequest>(Projection)).ShouldBeNull("nothing was asked of the run");
    }

    [Fact]
    public async Task An_unknown_projection_is_refused_naming_the_known_ones_and_a_second_start_finds_it_running()
    {
        await using var rebuilds = fixture.Rebuilds();
        var unknown = (await rebuilds.StartAsync("NoSuchProjection", "ana")).ShouldBeOfType<RebuildStart.UnknownProjection>();
        unknown.Known.ShouldContain(ProposalReview);
        (await rebuilds.ResumeAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.NothingToResume>();

        (await rebuilds.StartAsync(ProposalReview, "ana")).ShouldBeOfType<RebuildStart.Started>();
        await using (var other = fixture.Rebuilds())
        {
            (await other.StartAsync(ProposalReview, "ben")).ShouldBeOfType<RebuildStart.AlreadyRunning>();
        }
        (await rebuilds.WaitAsync(ProposalReview).WaitAsync(Patience))!.State.ShouldBe(RebuildState.Done);
    }
}

[CollectionDefinition(Name)]
public sealed class RebuildTests
{
    public const string Name = "projection rebuilds";
}
