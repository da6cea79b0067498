using EventWorkbench.Tests.Ingest;
using EventWorkbench.Why;
using Npgsql;

namespace EventWorkbench.Tests.Why;

public sealed class CausalChainTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private async Task<(CausalChain Chain, string Stream, string Other, string Correlation)> ChainAsync(string proposal)
    {
        var (stream, other, correlation, _) = await WhyStreams.AppendAsync(fixture.Appender);
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.AppConnectionString);
        var chain = await new WhyQueries(fixture.Store, dataSource).ChainAsync(stream, proposal);
        chain.ShouldNotBeNull();
        return (chain, stream, other, correlation);
    }

    [Fact]
    public async Task The_chain_holds_the_input_skills_paths_both_proposals_of_the_request_and_every_decision_in_stream_order()
    {
        var (chain, _, _, _) = await ChainAsync("p2");

        chain.ProposalIds.ShouldBe(["p2", "p1"]);
        chain.Steps.Select(s => (s.Event.Version, s.Kind)).ShouldBe([
            (1L, ChainStepKind.Input), (2L, ChainStepKind.Skill), (3L, ChainStepKind.Path), (4L, ChainStepKind.Proposal),
            (5L, ChainStepKind.Decision), (6L, ChainStepKind.Proposal), (7L, ChainStepKind.Edit), (8L, ChainStepKind.Correction),
            (9L, ChainStepKind.Decision), (10L, ChainStepKind.Feedback), (11L, ChainStepKind.Curation)]);
        var regenerated = chain.Steps.Single(s => s.Event.Version == 6);
        regenerated.Facts.ShouldContain(new ChainFact("model", "gpt-y"));
        regenerated.Facts.ShouldContain(new ChainFact("prompt version", "v3"));
        regenerated.Facts.ShouldContain(new ChainFact("caused by", "p1"));
        regenerated.Texts.ShouldContain(new ChainText("reasoning", "The order says Thursday."));
        chain.Steps.Single(s => s.Event.Version == 5).Texts.ShouldContain(new ChainText("reason", "Wrong date."));
    }

    [Fact]
    public async Task The_first_proposal_of_a_request_has_the_same_chain_and_an_unknown_proposal_has_none()
    {
        var (chain, stream, _, _) = await ChainAsync("p1");

        chain.ProposalIds.ShouldBe(["p1", "p2"]);
        chain.Steps.Count.ShouldBe(11);
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.AppConnectionString);
        var queries = new WhyQueries(fixture.Store, dataSource);
        (await queries.ChainAsync(stream, "nope")).ShouldBeNull();
        (await queries.ChainAsync($"missing-{Guid.NewGuid():N}", "p1")).ShouldBeNull();
    }

    [Fact]
    public async Task An_edit_shows_its_delta_and_its_correction_says_what_it_corrected_from_when()
    {
        var (chain, _, _, _) = await ChainAsync("p2");

        var edit = chain.Steps.Single(s => s.Kind == ChainStepKind.Edit);
        edit.Person.ShouldBe("ana");
        edit.Change.ShouldNotBeNull();
        edit.Change.Before.ShouldBe("It ships on Thursday.");
        edit.Change.Delta.WordsInserted.ShouldBe(4);
        edit.CorrectedBy.ShouldBe([8L]);

        var correction = chain.Steps.Single(s => s.Kind == ChainStepKind.Correction);
        correction.Corrects.ShouldBe(7);
        correction.Title.ShouldBe("Corrected v7 (proposal_edited)");
        correction.Facts.ShouldContain(new ChainFact("applies from", "v8"));
        correction.Texts.ShouldContain(new ChainText("reason", "Pasted twice."));
        correction.Change!.Before.ShouldBe("It ships on Thursday.\n\nIt ships on Thursday.");
        correction.Change.After.ShouldBe("It ships on Thursday, 4 June.");
    }

    [Fact]
    public async Task The_people_who_verified_or_changed_the_result_are_named_with_what_they_did_and_when()
    {
        var (chain, _, _, _) = await ChainAsync("p2");

        chain.People.Select(p => p.Name).ShouldBe(["triage-agent", "ana", "ben"]);
        var ana = chain.People.Single(p => p.Name == "ana");
        ana.Actions.Select(a => (a.What, a.Version)).ShouldBe([
            ("Rejected p1", 5L), ("Edited p2", 7L), ("Corrected v7 (proposal_edited)", 8L), ("Accepted p2", 9L)]);
        ana.Actions.ShouldAllBe(a => a.At > DateTimeOffset.UtcNow.AddMinutes(-5));
        chain.People.Single(p => p.Name == "ben").Actions.Select(a => a.What).ShouldBe(["Rated p2 positive (+1)", "Curated p2: include"]);
    }

    [Fact]
    public async Task Events_of_another_stream_linked_by_correlation_or_causation_id_join_the_chain_and_others_do_not()
    {
        var (chain, _, other, correlation) = await ChainAsync("p2");

        chain.Linked.Select(l => (l.StreamId, l.Event.Version, l.Event.Type, l.Link)).ShouldBe([
            (other, 1L, "interaction_started", $"same correlation id '{correlation}'"),
            (other, 2L, "skill_executed", "caused by v9 (proposal_accepted) of this stream")]);
    }
}
