using Bunit;
using EventWorkbench.Web.Features.Review;
using EventWorkbench.Web.Tests.Streams;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>The delta view as a reviewer reads it: whole rewritten words, JSON by line, a lone proposal in full, content laid out by its type.</summary>
public sealed class ReviewReadingTests(ReviewDatabase database) : ReviewTestContext(database), IClassFixture<ReviewDatabase>
{
    private const string LongClause = "Each party shall keep the other party's Confidential Information confidential and shall not use it " +
        "except to perform its obligations under this Agreement. This obligation continues for five (5) years after termination.";

    [Fact]
    public async Task A_rewritten_word_shows_whole_and_a_typo_shows_only_its_changed_letter()
    {
        await Database.Seed("rd-words", "contract-drafting", ReviewDatabase.Generated("p1", "Either party may terminate this Agreement on notice."),
            ReviewDatabase.Edit("p1", "agent.tom", "The Customer may terminate this Agreemnt on notice.", null), ReviewDatabase.Decided("proposal_accepted", "p1"));

        var page = RenderReview("rd-words");

        var inline = page.FindAll("[data-testid=delta-text]")[0];
        var rewrite = inline.QuerySelectorAll("del").Single(e => e.TextContent.Contains("Either", StringComparison.Ordinal));
        rewrite.QuerySelectorAll(".delta-char").Select(e => e.TextContent).ShouldBe(["Either party"]); // one piece: no letters picked out
        inline.QuerySelectorAll("ins").Single(e => e.TextContent == "The Customer").QuerySelectorAll(".delta-char").Select(e => e.TextContent).ShouldBe(["The Customer"]);
        var typo = inline.QuerySelectorAll("del").Single(e => e.TextContent == "Agreement");
        typo.QuerySelectorAll(".delta-char").Select(e => e.TextContent).ShouldBe(["e"]);
    }

    [Fact]
    public async Task A_proposal_whose_subject_was_erased_shows_no_delta_and_no_metrics_rather_than_unchanged()
    {
        var subject = $"subject-{Guid.NewGuid():N}"[..20];
        await SeedStreams.Append(Database.Appender, "rd-erased", "seed", "corr-rd-erased",
            SeedStreams.Event("interaction_started", new { channel = "chat", product = "support-replies", input = "I am Ada", subjectId = subject }),
            ReviewDatabase.Generated("p1", "Dear Ada, it ships tomorrow."), ReviewDatabase.Edit("p1", "agent.tom", "Dear Ada, it ships today.", null),
            ReviewDatabase.Decided("proposal_accepted", "p1"));
        await using (var owner = EventWorkbench.Erasure.SubjectErasure.OwnerDataSource(Database.Database.AdminConnectionString))
            (await new EventWorkbench.Erasure.SubjectErasure(Database.Store, owner).EraseAsync(new(subject, "admin", "Asked")))
                .ShouldBeOfType<EventWorkbench.Erasure.ErasureOutcome.Erased>();

        var page = RenderReview("rd-erased");

        page.Find("[data-testid=delta-erased]").TextContent.ShouldContain("[erased]");
        page.FindAll("[data-testid=metric-similarity]").ShouldBeEmpty();
        page.FindAll("[data-testid=metric-category]").ShouldBeEmpty();
    }

    [Fact]
    public void Json_is_diffed_one_value_per_line_and_keeps_its_changes_by_path()
    {
        var page = RenderReview(ReviewDatabase.Json);

        var inline = page.FindAll("[data-testid=delta-text]")[0];
        inline.TextContent.ShouldStartWith("{\n  \"name\": \"Ana\",\n  \"age\": ");
        inline.ClassList.ShouldContain("delta-content-json");
        inline.QuerySelector("del")!.TextContent.ShouldBe("30");
        string.Concat(inline.QuerySelectorAll("ins").Select(e => e.TextContent)).ShouldContain("31");
        string.Concat(inline.QuerySelectorAll("ins").Select(e => e.TextContent)).ShouldContain("\"city\": \"Porto\"");
        page.FindAll("[data-testid=json-changes] tbody tr").Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("rd-rejected", "proposal_rejected", "rejected without an edit")]
    [InlineData("rd-pending", null, "no human version yet")]
    public async Task A_proposal_without_a_human_version_is_shown_in_full_and_says_so(string streamId, string? decision, string explanation)
    {
        var events = decision is null
            ? new[] { ReviewDatabase.Generated("p1", LongClause) }
            : [ReviewDatabase.Generated("p1", LongClause), ReviewDatabase.Decided(decision, "p1")];
        await Database.Seed(streamId, "contract-drafting", events);

        var page = RenderReview(streamId);

        page.Find("[data-testid=no-human-version]").TextContent.ShouldContain("There is no human version");
        page.Find("[data-testid=no-human-version]").TextContent.ShouldContain(explanation);
        page.Find("[data-testid=delta-text]").TextContent.ShouldBe(LongClause);
        page.FindAll(".delta-collapsed").ShouldBeEmpty();
        page.FindAll("del, ins").ShouldBeEmpty();
        page.FindAll("button.mud-toggle-item").ShouldBeEmpty(); // nothing to lay out inline or side by side
        page.FindAll("[data-testid=metric-similarity]").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("text", "delta-content-text")]
    [InlineData("code", "delta-content-code")]
    [InlineData("markdown", "delta-content-markdown")]
    public async Task The_delta_text_is_marked_with_its_content_type_for_its_layout(string contentType, string expectedClass)
    {
        var streamId = $"rd-type-{contentType}";
        await Database.Seed(streamId, "code-review", ReviewDatabase.Generated("p1", "def f():\n\treturn 1\n", contentType),
            ReviewDatabase.Edit("p1", "dev.ana", "def f():\n\treturn 2\n", null), ReviewDatabase.Decided("proposal_accepted", "p1"));

        var page = RenderReview(streamId);

        page.FindAll("[data-testid=delta-text]").ShouldAllBe(e => e.ClassList.Contains(expectedClass));
        page.Find("[data-testid=delta-text]").TextContent.ShouldBe("def f():\n\treturn 12\n"); // tab and line breaks kept as they are
    }

    [Fact]
    public void Model_names_and_people_carry_their_full_value_in_a_title_and_never_break_mid_token()
    {
        var page = RenderReview(ReviewDatabase.Edited);

        var model = page.Find("[data-testid=fact-model] .review-token");
        (model.TextContent, model.GetAttribute("title")).ShouldBe(("gpt-x", "gpt-x"));
        page.FindAll(".edit-editor").ShouldAllBe(e => e.ClassList.Contains("review-token") && e.GetAttribute("title") == e.TextContent);
        page.Find("h1").QuerySelectorAll(".review-token").Select(e => e.GetAttribute("title")).ShouldBe([ReviewDatabase.Edited, "p1"]);
    }

    private IRenderedComponent<ReviewPage> RenderReview(string streamId)
    {
        var page = Render<ReviewPage>(p => p.Add(x => x.StreamId, streamId).Add(x => x.ProposalId, "p1"));
        page.WaitForAssertion(() => page.FindAll("[data-testid=delta-text]").ShouldNotBeEmpty(), Wait);
        return page;
    }
}
