using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Review;

public sealed class CurationTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private async Task<string> StreamWithProposalAsync()
    {
        var stream = $"curate-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(Started(), Proposal("p1")), Api);
        return stream;
    }

    private Curation NewCuration() => new(fixture.Appender, new ProposalQueries(fixture.Store));

    [Fact]
    public async Task Curating_appends_example_curated_by_the_reviewer_from_the_ui()
    {
        var stream = await StreamWithProposalAsync();
        var curation = NewCuration();

        var outcome = await curation.CurateAsync(
            new CurationRequest(stream, "p1", CurationVerdict.Include, 4, ["tone"], "clear and kind"), "ml-ana", seenProposalVersion: 2);

        outcome.ShouldBeOfType<AppendOutcome.Appended>().Version.ShouldBe(3);
        await using var session = fixture.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(stream))[^1];
        stored.UserName.ShouldBe("ml-ana");
        stored.GetHeader(EventAppender.SourceHeader)!.ToString().ShouldBe("ui");
        var curated = stored.Data.ShouldBeOfType<ExampleCurated>();
        (curated.ProposalId, curated.By, curated.Verdict, curated.Quality, curated.Note)
            .ShouldBe(("p1", "ml-ana", CurationVerdict.Include, (int?)4, "clear and kind"));
        curated.Tags.ShouldBe(["tone"]);
    }

    [Fact]
    public async Task A_label_given_on_a_stale_view_is_refused_and_writes_nothing()
    {
        var stream = await StreamWithProposalAsync();
        var curation = NewCuration();
        await curation.CurateAsync(new CurationRequest(stream, "p1", CurationVerdict.Include), "ml-ana", 2);

        var stale = await curation.CurateAsync(new CurationRequest(stream, "p1", CurationVerdict.Exclude), "ml-bob", 2);

        stale.ShouldBeOfType<AppendOutcome.VersionConflict>().ShouldBe(new AppendOutcome.VersionConflict(2, 3));
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(3);
    }

    [Fact]
    public async Task Events_about_another_proposal_of_the_stream_do_not_make_a_label_stale()
    {
        var stream = await StreamWithProposalAsync();                                   // p1 at version 2
        await fixture.Appender.AppendAsync(stream, Batch(Proposal("p2"), Proposal("p3")), Api); // the stream moves on to 4

        var outcome = await NewCuration().CurateAsync(new CurationRequest(stream, "p1", CurationVerdict.Include), "ml-ana", 2);

        outcome.ShouldBeOfType<AppendOutcome.Appended>().Version.ShouldBe(5);
    }

    [Fact]
    public async Task A_label_for_a_proposal_the_stream_does_not_hold_is_refused_and_writes_nothing()
    {
        var stream = await StreamWithProposalAsync();

        var outcome = await NewCuration().CurateAsync(new CurationRequest(stream, "p9", CurationVerdict.Include), "ml-ana", 2);

        outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors["proposalId"].ShouldBe([$"stream '{stream}' has no proposal 'p9'"]);
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(2);
    }

    [Fact]
    public async Task An_invalid_label_is_refused_with_the_field_named()
    {
        var stream = await StreamWithProposalAsync();
        var outcome = await NewCuration().CurateAsync(
            new CurationRequest(stream, "p1", CurationVerdict.Include, Quality: 9), "ml-ana", 2);

        outcome.ShouldBeOfType<AppendOutcome.Invalid>().Errors.Keys.ShouldContain("events[0].data.quality");
    }
}
