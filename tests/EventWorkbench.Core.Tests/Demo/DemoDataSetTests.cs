using System.Text.Json;
using EventWorkbench.Demo;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using static EventWorkbench.Tests.Demo.DemoExpectations;

namespace EventWorkbench.Tests.Demo;

public sealed class DemoDataSetTests
{
    private static readonly IReadOnlyList<DemoStream> Streams = DemoDataSet.Build();
    private static readonly IReadOnlyList<TypedEvent> All = Events(Streams);

    [Fact]
    public void Build_is_deterministic()
    {
        var first = JsonSerializer.Serialize(DemoDataSet.Build(), EventCatalogue.Output);
        var second = JsonSerializer.Serialize(DemoDataSet.Build(), EventCatalogue.Output);

        second.ShouldBe(first);
        first.ShouldNotContain(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Build_holds_about_150_streams_of_the_three_products()
    {
        Streams.Count.ShouldBe(150);
        Streams.Select(s => s.StreamId).ShouldBeUnique();
        Streams.Select(s => s.StreamId).ShouldContain("support-0001");
        Streams.Select(s => s.StreamId[..s.StreamId.IndexOf('-', StringComparison.Ordinal)]).Distinct().Order()
            .ShouldBe(["contract", "review", "support"]);
        All.OfType<TypedEvent>().Select(e => e.Data).OfType<InteractionStarted>().Count().ShouldBe(150);
    }

    [Fact]
    public void Every_step_is_valid_and_expects_the_version_its_actor_saw()
    {
        foreach (var stream in Streams)
        {
            long version = 0;
            stream.Steps.Count.ShouldBeGreaterThan(0);
            foreach (var step in stream.Steps)
            {
                step.Request.ExpectedVersion.ShouldBe(version, $"{stream.StreamId} step by {step.Actor}");
                step.Request.CorrelationId.ShouldBe(stream.StreamId);
                var errors = new ValidationErrors();
                foreach (var envelope in step.Request.Events!) EventCatalogue.Read(envelope.Type, envelope.Data, errors, "e");
                errors.IsEmpty.ShouldBeTrue($"{stream.StreamId}: {errors}");
                version += step.Request.Events!.Count;
            }
        }
    }

    [Fact]
    public void Build_covers_every_appendable_event_type()
    {
        All.Select(e => e.Type).Distinct().Order().ShouldBe(EventCatalogue.Appendable.Keys.Order());
    }

    [Fact]
    public void Build_covers_every_outcome_content_type_model_and_prompt_version()
    {
        var outcomes = Outcomes(All);
        foreach (var outcome in Enum.GetValues<ProposalOutcome>()) outcomes.Values.ShouldContain(outcome);

        var proposals = All.Select(e => e.Data).OfType<ProposalGenerated>().ToList();
        proposals.Select(p => p.ContentType).Distinct().Count().ShouldBe(Enum.GetValues<ContentType>().Length);
        proposals.Select(p => p.Model).Distinct().Count().ShouldBe(3);
        proposals.Select(p => p.PromptVersion).Distinct().Order().ShouldBe(["v1", "v2", "v3"]);
        proposals.ShouldAllBe(p => p.Messages[0].Role == "system" && p.Messages[1].Role == "user" && p.Parameters != null && p.Usage != null);
        All.Select(e => e.Data).OfType<InteractionStarted>().Select(s => s.Product).Distinct()
            .ShouldBeSubsetOf(DemoDataSet.Products.Concat(["support", "code-review", "contracts"]));
    }

    [Fact]
    public void Build_has_multi_proposal_streams_small_edits_rewrites_and_edits_by_several_editors()
    {
        All.Select(e => e.Data).OfType<ProposalGenerated>().GroupBy(p => p.ProposalId[..^3]).Count(g => g.Count() > 1).ShouldBeGreaterThan(10);

        var generated = All.Select(e => e.Data).OfType<ProposalGenerated>().ToDictionary(p => p.ProposalId);
        var edits = All.Select(e => e.Data).OfType<ProposalEdited>().GroupBy(e => e.ProposalId).ToList();
        edits.Count(g => g.Select(e => e.Editor).Distinct().Count() > 1).ShouldBeGreaterThan(5);

        var changes = edits.Select(g => ChangedFraction(generated[g.Key].Content, g.Last().Content)).ToList();
        changes.Count(c => c < 0.2).ShouldBeGreaterThan(10, "small edits");
        changes.Count(c => c > 0.5).ShouldBeGreaterThan(5, "large rewrites");
    }

    [Fact]
    public void Json_proposals_and_their_edits_stay_valid_json()
    {
        var json = All.Select(e => e.Data).OfType<ProposalGenerated>().Where(p => p.ContentType == ContentType.Json).Select(p => p.ProposalId).ToHashSet();
        json.ShouldNotBeEmpty();
        foreach (var edit in All.Select(e => e.Data).OfType<ProposalEdited>().Where(e => json.Contains(e.ProposalId)))
        {
            if (edit.Content.Contains("\n\n", StringComparison.Ordinal)) continue; // the pasted-twice edit, corrected later
            Should.NotThrow(() => JsonDocument.Parse(edit.Content).Dispose(), edit.ProposalId);
        }
    }

    [Fact]
    public void Corrections_refer_to_the_real_version_of_the_event_they_correct()
    {
        var corrections = All.Where(e => e.Data is EventCorrected).ToList();
        corrections.Count.ShouldBeGreaterThanOrEqualTo(3);
        var kinds = new HashSet<string>();
        foreach (var correction in corrections)
        {
            var data = (EventCorrected)correction.Data;
            var target = All.Single(e => e.StreamId == correction.StreamId && e.Version == data.CorrectsVersion);
            target.Version.ShouldBeLessThan(correction.Version);
            foreach (var field in data.Correction.EnumerateObject())
            {
                kinds.Add($"{target.Type}.{field.Name}");
                JsonSerializer.SerializeToElement(target.Data, target.Data.GetType(), EventCatalogue.Output).TryGetProperty(field.Name, out _)
                    .ShouldBeTrue($"{correction.StreamId}: {field.Name} is not a field of {target.Type}");
            }
        }
        kinds.ShouldContain("interaction_started.product");
        kinds.ShouldContain("proposal_edited.content");
    }

    [Fact]
    public void People_append_their_own_decisions_and_products_their_own_proposals()
    {
        foreach (var e in All)
        {
            switch (e.Data)
            {
                case ProposalGenerated: e.Actor.ShouldBeOneOf("support-desk-prod", "review-bot-ci", "clause-drafter"); break;
                case ProposalEdited edit: edit.Editor.ShouldBe(e.Actor); break;
                case ProposalAccepted accepted: accepted.By.ShouldBe(e.Actor); break;
                case ProposalRejected rejected: rejected.By.ShouldBe(e.Actor); rejected.Reason.ShouldNotBeNullOrWhiteSpace(); break;
                case ExampleCurated curated: curated.By.ShouldBe(e.Actor); break;
            }
        }
    }

    // 1 - (common prefix + common suffix) / longer length: a cheap measure of how much an edit changed.
    private static double ChangedFraction(string before, string after)
    {
        var prefix = 0;
        while (prefix < before.Length && prefix < after.Length && before[prefix] == after[prefix]) prefix++;
        var suffix = 0;
        while (suffix < before.Length - prefix && suffix < after.Length - prefix && before[^(suffix + 1)] == after[^(suffix + 1)]) suffix++;
        return 1 - (double)(prefix + suffix) / Math.Max(before.Length, after.Length);
    }
}
