using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Web.Features.Streams;
using EventWorkbench.Web.Features.Why;
using EventWorkbench.Web.Tests.Streams;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventWorkbench.Web.Tests.Why;

/// <summary>The "why" view: the causal chain in order, the people, the deltas, the linked events, untrusted text as text.</summary>
public sealed class WhyPageTests : StreamsTestContext, IClassFixture<StreamsDatabase>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public WhyPageTests(StreamsDatabase database) : base(database, services => services
        .AddSingleton(_ => NpgsqlDataSource.Create(database.Database.AppConnectionString))
        .AddWhy())
    {
    }

    [Fact]
    public async Task The_chain_of_a_proposal_shows_its_steps_in_order_the_people_the_edit_delta_and_a_linked_stream()
    {
        var other = $"linked-{Guid.NewGuid():N}";
        await SeedStreams.Append(Database.Appender, other, "billing-bot", "corr-support", SeedStreams.Started("billing", "Refund check"));

        var page = Render<WhyPage>(p => p.Add(x => x.StreamId, SeedStreams.Support).Add(x => x.ProposalId, "p1"));

        page.WaitForAssertion(() => page.FindAll("[data-testid=why-step]").Count.ShouldBe(4), Wait);
        page.FindAll("[data-testid=why-step]").Select(s => (s.GetAttribute("data-version"), s.GetAttribute("data-kind")))
            .ShouldBe([("1", "input"), ("2", "proposal"), ("3", "edit"), ("4", "decision")]);
        var person = page.Find("[data-testid=why-person]").TextContent;
        person.ShouldContain("agent.tom");
        person.ShouldContain("Edited p1");
        person.ShouldContain("Accepted p1");
        page.Find("[data-testid=why-change] ins").TextContent.ShouldContain("Thursday");
        var linked = page.Find("[data-testid=why-linked-event]");
        linked.QuerySelector("a")!.GetAttribute("href").ShouldBe($"streams/{other}?version=1");
        linked.TextContent.ShouldContain("same correlation id 'corr-support'");
        page.FindAll("[data-testid=why-evidence]").ShouldBeEmpty(); // not signed in as an auditor
    }

    [Fact]
    public async Task The_live_page_shows_the_chain_the_prerender_read_without_reading_it_again_and_hands_it_on()
    {
        var chain = await Services.GetRequiredService<EventWorkbench.Why.WhyQueries>().ChainAsync(SeedStreams.Support, "p1");
        Prerender.HandOver(WhyPage.StateKey, new WhyPage.Snapshot("never-stored", "p1", chain));

        var page = Render<WhyPage>(p => p.Add(x => x.StreamId, "never-stored").Add(x => x.ProposalId, "p1"));

        // the database has no such stream: the steps shown came from the prerender, with no loading in between
        page.FindAll("[data-testid=why-step]").Count.ShouldBe(4);
        Prerender.HandedOn<WhyPage.Snapshot>(WhyPage.StateKey).ShouldNotBeNull().Chain.ShouldNotBeNull().Steps.Count.ShouldBe(4);
    }

    [Fact]
    public void A_prerender_of_another_proposal_is_not_taken_for_this_one()
    {
        Prerender.HandOver(WhyPage.StateKey, new WhyPage.Snapshot(SeedStreams.Support, "p2", null));

        var page = Render<WhyPage>(p => p.Add(x => x.StreamId, SeedStreams.Support).Add(x => x.ProposalId, "p1"));

        page.WaitForAssertion(() => page.FindAll("[data-testid=why-step]").Count.ShouldBe(4), Wait);
    }

    [Fact]
    public void An_auditor_sees_the_evidence_pack_link()
    {
        SignedIn.Account("audit.ann", AccessRoles.Auditor);

        var page = Render<WhyPage>(p => p.Add(x => x.StreamId, SeedStreams.Support).Add(x => x.ProposalId, "p2"));

        page.WaitForAssertion(() => page.Find("[data-testid=why-evidence]").GetAttribute("href")
            .ShouldBe($"api/evidence/proposals/{SeedStreams.Support}/p2?format=html"), Wait);
        page.Find("[data-testid=why-step][data-kind=decision]").TextContent.ShouldContain("Not offered");
    }

    [Fact]
    public void Untrusted_text_in_the_chain_is_shown_as_text()
    {
        var page = Render<WhyPage>(p => p.Add(x => x.StreamId, SeedStreams.Hostile).Add(x => x.ProposalId, "p1"));

        page.WaitForAssertion(() => page.FindAll("[data-testid=why-step]").Count.ShouldBe(2), Wait);
        page.FindAll("script, img, b").ShouldBeEmpty();
        page.Markup.ShouldContain("&lt;script&gt;");
        page.Find("[data-testid=why-chain]").TextContent.ShouldContain(SeedStreams.HostileInput);
        page.Find("[data-testid=why-chain]").TextContent.ShouldContain(SeedStreams.HostileContent);
    }

    [Fact]
    public void Every_decision_event_on_the_stream_page_links_to_the_why_view_of_its_proposal()
    {
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo(StreamPage.HrefFor(SeedStreams.Support));
        var page = Render<StreamPage>(p => p.Add(x => x.StreamId, SeedStreams.Support));

        page.WaitForAssertion(() => page.FindAll("article.event-card").Count.ShouldBe(6), Wait);
        page.FindAll("article.event-card").Select(card => (card.GetAttribute("data-version"), card.QuerySelector("a.event-why")?.GetAttribute("href")))
            .ShouldBe([("1", null), ("2", null), ("3", $"why/{SeedStreams.Support}/p1"), ("4", $"why/{SeedStreams.Support}/p1"),
                ("5", null), ("6", $"why/{SeedStreams.Support}/p2")]);
    }
}
