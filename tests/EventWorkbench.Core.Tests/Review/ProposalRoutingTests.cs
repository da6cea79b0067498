using System.Text.Json;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Tests.Review;

public sealed class ProposalRoutingTests
{
    private const string Stream = "s";
    private long _sequence;

    private Event<T> At<T>(long version, T data) where T : notnull =>
        new Event<T>(data) { StreamKey = Stream, Version = version, Sequence = ++_sequence };

    private static ProposalGenerated Generated(string id) => new(id, "gpt-x", [new ChatMessage("user", "Hi")], "Hello.", ContentType.Text);

    private static EventCorrected Correction(long version) => new(version, "ops", "typo", JsonSerializer.SerializeToElement(new { product = "x" }));

    private static IEnumerable<long> Versions(Dictionary<string, List<IEvent>> routed, string proposalId) =>
        routed[ProposalReview.IdFor(Stream, proposalId)].Select(e => e.Version);

    [Fact]
    public void A_new_proposal_receives_the_stored_context_before_its_own_events()
    {
        IEvent[] earlier = [At(1, new InteractionStarted("chat", "Hi", Product: "p")), At(2, Correction(1))];
        var routed = ProposalRouting.Route(Stream, earlier, [At(3, Generated("a")), At(4, new ProposalAccepted("a", "ana"))]);

        Versions(routed, "a").ShouldBe([1L, 2L, 3L, 4L]);
    }

    [Fact]
    public void Stream_context_goes_to_every_known_proposal_but_not_to_unknown_ones()
    {
        IEvent[] earlier = [At(1, Generated("a"))];
        var routed = ProposalRouting.Route(Stream, earlier, [At(2, Generated("b")), At(3, Correction(1)), At(4, Generated("c"))]);

        Versions(routed, "a").ShouldBe([3L]);
        Versions(routed, "b").ShouldBe([2L, 3L]);
        Versions(routed, "c").ShouldBe([3L, 4L]);
    }

    [Fact]
    public void Feedback_without_a_proposal_belongs_to_no_review()
    {
        var routed = ProposalRouting.Route(Stream, [], [At(1, new FeedbackGiven("ana", 1)), At(2, new FeedbackGiven("ana", -1, "a"))]);

        routed.Keys.ShouldBe([ProposalReview.IdFor(Stream, "a")]);
    }
}
