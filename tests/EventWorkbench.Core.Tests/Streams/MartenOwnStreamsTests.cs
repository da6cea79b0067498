using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using Marten;

namespace EventWorkbench.Tests.Streams;

/// <summary>
/// Streams whose ids start with <c>mt_</c> are Marten's own (its <c>mt_tombstone</c> stream fills the sequence numbers
/// of a transaction cut off after its append): no projection makes a document of one, inline or in a rebuild.
/// </summary>
public sealed class MartenOwnStreamsTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Fact]
    public async Task A_stream_of_Martens_own_gets_no_summary_and_no_review_inline_or_rebuilt()
    {
        var stream = $"mt_own-{Guid.NewGuid():N}";
        await using (var session = fixture.Store.LightweightSession())
        {
            session.Events.StartStream(stream,
                new InteractionStarted("chat", "Where is my parcel?", Product: "support-replies"),
                new ProposalGenerated("p1", "gpt-x", [new ChatMessage("user", "Where is my parcel?")], "It ships tomorrow.", ContentType.Text));
            await session.SaveChangesAsync();
        }
        (await DocumentsOfAsync(stream)).ShouldBe((0, 0), "inline");

        using (var daemon = await fixture.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<InteractionSummaryProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);
        using (var daemon = await fixture.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromMinutes(2), CancellationToken.None);

        (await DocumentsOfAsync(stream)).ShouldBe((0, 0), "rebuilt");
    }

    private async Task<(int Summaries, int Reviews)> DocumentsOfAsync(string stream)
    {
        await using var session = fixture.Store.QuerySession();
        var summaries = await session.Query<InteractionSummary>().CountAsync(s => s.Id == stream);
        var reviews = await session.Query<ProposalReview>().CountAsync(r => r.StreamId == stream);
        return (summaries, reviews);
    }
}
