using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Streams;

public sealed class InteractionSummaryTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private async Task<InteractionSummary> SummaryAfterAsync(params EventWorkbench.Ingest.EventEnvelope[] events)
    {
        var stream = $"summary-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch(events), Api);
        await using var session = fixture.Store.QuerySession();
        return (await session.LoadAsync<InteractionSummary>(stream)).ShouldNotBeNull();
    }

    [Fact]
    public async Task The_stream_list_matches_its_text_in_the_id_and_the_input_folding_the_case_of_any_letter()
    {
        var product = $"list-{Guid.NewGuid():N}"[..14];
        var stream = $"Kunde-Straße-{Guid.NewGuid():N}"[..24];
        (await fixture.Appender.AppendAsync(stream, Batch(Event("interaction_started",
            new { channel = "email", product, input = "Grüße aus MÜNCHEN: wo bleibt meine Bestellung?" })), Api))
            .ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>();
        var queries = new StreamQueries(fixture.Store);

        async Task<IReadOnlyList<string>> MatchesAsync(string text) =>
            (await queries.ListAsync(new StreamFilter(Product: product, Text: text))).Items.Select(s => s.Id).ToList();

        (await MatchesAsync("münchen")).ShouldBe([stream]);
        (await MatchesAsync("KUNDE-STRASSE")).ShouldBeEmpty("ß folds to itself, not to ss");
        (await MatchesAsync("kunde-straße")).ShouldBe([stream]);
        (await MatchesAsync("wien")).ShouldBeEmpty();
        (await MatchesAsync("%")).ShouldBeEmpty("a % in the text matches itself, not anything");
    }

    [Fact]
    public async Task Outcomes_are_counted_per_proposal()
    {
        var summary = await SummaryAfterAsync(
            Started("support"),
            Proposal("unchanged"), Event("proposal_accepted", new { proposalId = "unchanged", by = "ana" }),
            Proposal("edited"), Event("proposal_edited", new { proposalId = "edited", editor = "ana", content = "Better." }),
            Event("proposal_accepted", new { proposalId = "edited", by = "ana" }),
            Proposal("rejected"), Event("proposal_rejected", new { proposalId = "rejected", by = "ana", reason = "wrong" }),
            Proposal("pending"));

        summary.Product.ShouldBe("support");
        summary.EventCount.ShouldBe(9);
        summary.Proposals.ShouldBe(4);
        (summary.AcceptedUnchanged, summary.AcceptedEdited, summary.Rejected, summary.Pending).ShouldBe((1, 1, 1, 1));
        summary.Outcomes["edited"].ShouldBe(ProposalOutcome.AcceptedEdited);
        summary.LastEventType.ShouldBe("proposal_generated");
    }

    [Fact]
    public async Task A_correction_of_the_start_changes_the_product()
    {
        var summary = await SummaryAfterAsync(
            Started("suport-typo"),
            Event("event_corrected", new { correctsVersion = 1, by = "ops", reason = "typo", correction = new { product = "support" } }));

        summary.Product.ShouldBe("support");
        summary.Corrections.ShouldBe(1);
    }

    [Fact]
    public async Task A_correction_of_the_start_with_a_value_of_another_type_is_appended_and_changes_nothing()
    {
        var summary = await SummaryAfterAsync(
            Started("support"),
            Event("event_corrected", new { correctsVersion = 1, by = "ops", reason = "meant the skill input", correction = new { input = new { day = 6 } } }));

        summary.InputPreview.ShouldNotBeNull().ShouldNotContain("day");
        summary.Corrections.ShouldBe(1);
    }

    [Fact]
    public async Task Events_about_a_proposal_before_its_generation_count_for_nothing_as_in_its_review()
    {
        var summary = await SummaryAfterAsync(
            Started("support"),
            Event("proposal_edited", new { proposalId = "early", editor = "ana", content = "Too soon." }),
            Event("proposal_rejected", new { proposalId = "never", by = "ana" }),
            Proposal("early"), Event("proposal_accepted", new { proposalId = "early", by = "ana" }));

        summary.Outcomes.ShouldBe(new Dictionary<string, ProposalOutcome> { ["early"] = ProposalOutcome.AcceptedUnchanged });
        (summary.Proposals, summary.AcceptedUnchanged, summary.AcceptedEdited, summary.Rejected).ShouldBe((1, 1, 0, 0));
    }

    [Fact]
    public async Task Streams_need_not_begin_with_interaction_started()
    {
        var summary = await SummaryAfterAsync(Proposal("p1"));
        summary.Product.ShouldBeNull();
        summary.Pending.ShouldBe(1);
        summary.EventCount.ShouldBe(1);
    }
}
