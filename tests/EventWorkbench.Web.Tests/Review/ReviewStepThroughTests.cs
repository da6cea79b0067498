using Bunit;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Review;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>The delta view as a place to work from: back to the same queue, j/k through it, i/x to label, lookup by id.</summary>
public sealed class ReviewStepThroughTests(ReviewDatabase database) : ReviewTestContext(database), IClassFixture<ReviewDatabase>
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task J_and_k_on_the_delta_view_step_through_the_queue_it_was_opened_from_across_pages()
    {
        const string product = "step-product";
        foreach (var stream in new[] { "st-1", "st-2", "st-3" })
            await Database.Seed(stream, product, ReviewDatabase.Generated("p1", $"Text of {stream}."));
        Navigation.NavigateTo($"review?product={product}&pageSize=2");
        var queue = Render<ReviewQueuePage>();
        queue.WaitForAssertion(() => queue.FindAll("tr.review-row").Count.ShouldBe(2), Wait);
        queue.Dispose();

        var review = OpenReview("st-2");
        review.Find("[data-testid=queue-position]").TextContent.ShouldContain("2 of 3 in the queue");
        review.Find("[data-testid=back-to-queue]").GetAttribute("href").ShouldBe($"review?product={product}&pageSize=2");

        await review.InvokeAsync(() => review.Instance.OnKey("j")); // past the queue page: loads page 2
        Navigation.Uri.ShouldEndWith("/review/st-1/p1");
        review = OpenReview("st-1");
        review.Find("[data-testid=queue-position]").TextContent.ShouldContain("3 of 3 in the queue");
        review.Find("[data-testid=back-to-queue]").GetAttribute("href").ShouldBe($"review?product={product}&pageSize=2&page=2");

        await review.InvokeAsync(() => review.Instance.OnKey("j"));
        review.WaitForAssertion(() => review.Find("[data-testid=key-message]").TextContent.ShouldBe("This is the last proposal in the queue."), Wait);

        await review.InvokeAsync(() => review.Instance.OnKey("k")); // back onto page 1
        Navigation.Uri.ShouldEndWith("/review/st-2/p1");
        OpenReview("st-2");

        Navigation.NavigateTo($"review?product={product}&pageSize=2"); // back in the queue, the row last opened is selected
        queue = Render<ReviewQueuePage>();
        queue.WaitForAssertion(() => queue.Find("tr.review-row-selected a.review-link").TextContent.Trim().ShouldBe("st-2 / p1"), Wait);
    }

    [Fact]
    public async Task J_on_a_proposal_opened_directly_explains_how_to_step_and_i_labels_it_as_the_signed_in_reviewer()
    {
        await Database.Seed("direct-1", "direct-product", ReviewDatabase.Generated("p1", "Opened from a link."));
        var review = OpenReview("direct-1");

        await review.InvokeAsync(() => review.Instance.OnKey("j"));
        review.WaitForAssertion(() => review.Find("[data-testid=key-message]").TextContent.ShouldContain("Open this proposal from the review queue"), Wait);

        await review.InvokeAsync(() => review.Instance.OnKey("i"));
        review.WaitForAssertion(() => review.Find("[data-testid=key-message]").TextContent.ShouldBe("Labelled include."), Wait);
        (await Database.Proposals.GetAsync("direct-1", "p1"))!.Curation!.By.ShouldBe(Reviewer);
    }

    [Fact]
    public async Task I_and_x_label_the_open_proposal_as_the_signed_in_reviewer()
    {
        await Database.Seed("label-1", "label-product", ReviewDatabase.Generated("p1", "Label me."));
        SignedIn.Account("ml.keys", EventWorkbench.Access.AccessRoles.Reviewer);
        var review = OpenReview("label-1");

        await review.InvokeAsync(() => review.Instance.OnKey("x"));
        review.WaitForAssertion(() => review.Find("[data-testid=key-message]").TextContent.ShouldBe("Labelled exclude."), Wait);
        await review.InvokeAsync(() => review.Instance.OnKey("i")); // the page reloaded the version: no conflict

        review.WaitForAssertion(() => review.Find("[data-testid=key-message]").TextContent.ShouldBe("Labelled include."), Wait);
        var stored = await Database.Proposals.GetAsync("label-1", "p1");
        stored!.CurationHistory.Select(l => (l.Verdict, l.By)).ShouldBe([(CurationVerdict.Exclude, "ml.keys"), (CurationVerdict.Include, "ml.keys")]);
    }

    [Fact]
    public async Task A_label_key_pressed_while_the_next_proposal_loads_never_labels_the_one_before()
    {
        await Database.Seed("race-1", "race-product", ReviewDatabase.Generated("p1", "The one before."));
        await Database.Seed("race-2", "race-product", ReviewDatabase.Generated("p1", "The next one."));
        var review = OpenReview("race-1");

        // Reads of the review documents wait while another transaction holds the table, so the next proposal's load
        // is still on its way when the key arrives.
        await using var holder = new NpgsqlConnection(Database.Database.AdminConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        var table = $"{Database.Store.Options.DatabaseSchemaName}.mt_doc_proposalreview";
        await new NpgsqlCommand($"lock table {table} in access exclusive mode", holder, hold).ExecuteNonQueryAsync();

        Task loading = Task.CompletedTask;
        await review.InvokeAsync(async () =>
        {
            // the address moves on (as j does); the key arrives before the next proposal has loaded
            loading = review.Instance.SetParametersAsync(ParameterView.FromDictionary(
                new Dictionary<string, object?> { [nameof(ReviewPage.StreamId)] = "race-2", [nameof(ReviewPage.ProposalId)] = "p1" }));
            await review.Instance.OnKey("x");
        });
        await hold.RollbackAsync();
        await loading;

        review.WaitForAssertion(() => review.Find("[data-testid=key-message]").TextContent.ShouldContain("still loading"), Wait);
        (await Database.Proposals.GetAsync("race-1", "p1"))!.Curation.ShouldBeNull();
        (await Database.Proposals.GetAsync("race-2", "p1"))!.Curation.ShouldBeNull();
        review.WaitForAssertion(() => review.Find("[data-testid=delta-text]").TextContent.ShouldBe("The next one."), Wait);
    }

    [Fact]
    public async Task A_proposal_id_alone_opens_its_proposal_lists_the_streams_sharing_it_or_says_it_is_unknown()
    {
        var unique = $"only-{Guid.NewGuid():N}";
        await Database.Seed("lookup-1", "lookup-product", ReviewDatabase.Generated(unique, "Unique id."));
        await Database.Seed("lookup-2", "lookup-product", ReviewDatabase.Generated("shared", "One."));
        await Database.Seed("lookup-3", "lookup-product", ReviewDatabase.Generated("shared", "Two."));

        var found = Render<ProposalLookupPage>(p => p.Add(x => x.ProposalId, unique));
        found.WaitForAssertion(() => Navigation.Uri.ShouldEndWith($"/review/lookup-1/{unique}"), Wait);

        var ambiguous = Render<ProposalLookupPage>(p => p.Add(x => x.ProposalId, "shared"));
        ambiguous.WaitForAssertion(() => ambiguous.Find("[data-testid=review-ambiguous]"), Wait);
        ambiguous.FindAll("ul.lookup-streams a").Select(a => a.GetAttribute("href")).ShouldContain("review/lookup-2/shared");
        ambiguous.FindAll("ul.lookup-streams a").Select(a => a.GetAttribute("href")).ShouldContain("review/lookup-3/shared");

        var unknown = Render<ProposalLookupPage>(p => p.Add(x => x.ProposalId, "no-such-proposal"));
        unknown.WaitForAssertion(() => unknown.Find("[data-testid=not-found-message]").TextContent.ShouldContain("There is no proposal 'no-such-proposal'"), Wait);
        Services.GetRequiredService<NotFoundReasons>().Current.Heading.ShouldBe("Proposal not found");
    }

    private IRenderedComponent<ReviewPage> OpenReview(string streamId)
    {
        var page = Render<ReviewPage>(p => p.Add(x => x.StreamId, streamId).Add(x => x.ProposalId, "p1"));
        page.WaitForAssertion(() => page.FindAll("[data-testid=delta-text]").ShouldNotBeEmpty(), Wait);
        page.WaitForAssertion(() => page.FindAll("[data-keys-ready=true]").ShouldNotBeEmpty(), Wait); // settled
        return page;
    }
}
