using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Review;

public sealed class ProposalQueriesTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private readonly ProposalQueries _queries = new(fixture.Store);

    private static string NewProduct() => $"q-{Guid.NewGuid():N}"[..14];

    private async Task AppendAsync(string stream, params EventEnvelope[] events) =>
        (await fixture.Appender.AppendAsync(stream, Batch(events), Api)).ShouldBeOfType<AppendOutcome.Appended>();

    /// <summary>Four proposals of one product, one per outcome, in four streams named {product}-pending, ...</summary>
    private async Task<string> SeedOutcomesAsync()
    {
        var product = NewProduct();
        await AppendAsync($"{product}-pending", Started(product), Generated("p", "Pending answer.", "gpt-a", "v1"));
        await AppendAsync($"{product}-unchanged", Started(product), Generated("p", "Unchanged answer.", "gpt-a", "v2"), Accepted("p"));
        await AppendAsync($"{product}-edited", Started(product), Generated("p", "Rough answer.", "gpt-b", "v1"),
            Edited("p", "Polished NEEDLE answer."), Accepted("p"), Curated("p", "include", 5));
        await AppendAsync($"{product}-rejected", Started(product), Generated("p", "Wrong answer.", "gpt-b", "v2"),
            Rejected("p", "off topic"), Curated("p", "exclude"));
        return product;
    }

    private async Task<IReadOnlyList<string>> StreamsAsync(ProposalFilter filter) =>
        (await _queries.ListAsync(filter with { Sort = ProposalSort.StreamId, Descending = false })).Items.Select(r => r.StreamId).ToList();

    [Fact]
    public async Task Filters_by_outcome_product_model_and_prompt_version()
    {
        var product = await SeedOutcomesAsync();
        var all = new ProposalFilter { Product = product };

        (await StreamsAsync(all)).Count.ShouldBe(4);
        (await StreamsAsync(all with { Outcome = ProposalOutcome.Rejected })).ShouldBe([$"{product}-rejected"]);
        (await StreamsAsync(all with { Model = "gpt-b" })).ShouldBe([$"{product}-edited", $"{product}-rejected"]);
        (await StreamsAsync(all with { PromptVersion = "v2" })).ShouldBe([$"{product}-rejected", $"{product}-unchanged"]);
        (await StreamsAsync(new ProposalFilter { Product = NewProduct() })).ShouldBeEmpty();
    }

    [Fact]
    public async Task Filters_by_curated_or_not_and_by_verdict()
    {
        var product = await SeedOutcomesAsync();
        var all = new ProposalFilter { Product = product };

        (await StreamsAsync(all with { Curated = true })).ShouldBe([$"{product}-edited", $"{product}-rejected"]);
        (await StreamsAsync(all with { Curated = false })).ShouldBe([$"{product}-pending", $"{product}-unchanged"]);
        (await StreamsAsync(all with { Verdict = CurationVerdict.Exclude })).ShouldBe([$"{product}-rejected"]);
    }

    [Fact]
    public async Task Text_matches_ai_content_final_content_proposal_id_and_stream_id_ignoring_case()
    {
        var product = await SeedOutcomesAsync();
        var all = new ProposalFilter { Product = product };

        (await StreamsAsync(all with { Text = "needle" })).ShouldBe([$"{product}-edited"]);
        (await StreamsAsync(all with { Text = "WRONG ANSWER" })).ShouldBe([$"{product}-rejected"]);
        (await StreamsAsync(all with { Text = $"{product}-UNCHANGED" })).ShouldBe([$"{product}-unchanged"]);
        (await StreamsAsync(all with { Text = "p" })).Count.ShouldBe(4);
    }

    [Fact]
    public async Task Text_folds_the_case_of_letters_beyond_ASCII()
    {
        var product = NewProduct();
        await AppendAsync($"{product}-de", Started(product), Generated("p", "Die Frist endet am ÜBERNÄCHSTEN Montag.", "gpt-a", "v1"));
        await AppendAsync($"{product}-fr", Started(product), Generated("p", "Draft.", "gpt-a", "v1"), Edited("p", "Échéance reportée."));
        var all = new ProposalFilter { Product = product };

        (await StreamsAsync(all with { Text = "übernächsten" })).ShouldBe([$"{product}-de"]);
        (await StreamsAsync(all with { Text = "ÉCHÉANCE" })).ShouldBe([$"{product}-fr"]);
        (await StreamsAsync(all with { Text = "_" })).ShouldBeEmpty("an _ in the text matches itself, not any letter");
    }

    [Fact]
    public async Task Filters_by_generation_date_range_inclusive()
    {
        var product = NewProduct();
        await AppendAsync($"{product}-early", Generated("p"));
        await Task.Delay(50);
        await AppendAsync($"{product}-late", Generated("p"));
        var late = (await _queries.GetAsync($"{product}-late", "p")).ShouldNotBeNull();
        var all = new ProposalFilter { Text = product };

        (await StreamsAsync(all with { GeneratedFrom = late.GeneratedAt })).ShouldBe([$"{product}-late"]);
        (await StreamsAsync(all with { GeneratedTo = late.GeneratedAt.AddMilliseconds(-1) })).ShouldBe([$"{product}-early"]);
    }

    [Fact]
    public async Task Filters_by_edit_category_and_similarity_as_the_delta_engine_projected_them()
    {
        var product = await SeedOutcomesAsync(); // unchanged: identical; edited: "Rough answer." -> "Polished NEEDLE answer."
        var all = new ProposalFilter { Product = product };

        (await StreamsAsync(all with { Category = "unchanged" })).ShouldBe([$"{product}-unchanged"]);
        (await StreamsAsync(all with { Category = "substantial_rewrite" })).ShouldBe([$"{product}-edited"]);
        (await StreamsAsync(all with { MinSimilarity = 0.99 })).ShouldBe([$"{product}-unchanged"]);
        (await StreamsAsync(all with { MaxSimilarity = 0.8 })).ShouldBe([$"{product}-edited"]);
        // Pending and rejected proposals without an edit have no delta, so a similarity filter leaves them out.
        (await StreamsAsync(all with { MinSimilarity = 0 })).ShouldBe([$"{product}-edited", $"{product}-unchanged"]);
    }

    [Fact]
    public async Task Pages_follow_the_chosen_sort()
    {
        var product = await SeedOutcomesAsync();
        var filter = new ProposalFilter { Product = product, PageSize = 3, Sort = ProposalSort.StreamId, Descending = true };

        var first = await _queries.ListAsync(filter);
        var second = await _queries.ListAsync(filter with { Page = 2 });

        first.Items.Select(r => r.StreamId).ShouldBe([$"{product}-unchanged", $"{product}-rejected", $"{product}-pending"]);
        second.Items.ShouldHaveSingleItem().StreamId.ShouldBe($"{product}-edited");
        (first.Total, first.Page, first.PageSize, second.Page).ShouldBe((4L, 1, 3, 2));
        (first.Sort, first.Descending).ShouldBe((ProposalSort.StreamId, true));
    }

    [Theory]
    [InlineData(ProposalSort.Similarity)]
    [InlineData(ProposalSort.EditDistance)]
    [InlineData(ProposalSort.DecidedAt)]
    [InlineData(ProposalSort.TimeToDecision)]
    public async Task Proposals_without_the_sorted_value_come_last_in_either_direction(ProposalSort sort)
    {
        var product = await SeedOutcomesAsync();
        var filter = new ProposalFilter { Product = product, Sort = sort };
        double? Value(ProposalReview r) => sort switch
        {
            ProposalSort.Similarity => r.Similarity,
            ProposalSort.EditDistance => r.EditDistance,
            ProposalSort.DecidedAt => r.DecidedAt?.UtcTicks,
            _ => r.TimeToDecisionSeconds,
        };

        var descending = (await _queries.ListAsync(filter with { Descending = true })).Items.Select(Value).ToList();
        var ascending = (await _queries.ListAsync(filter with { Descending = false })).Items.Select(Value).ToList();

        descending.ShouldContain((double?)null); // the pending proposal
        descending.ShouldBe([.. descending.Where(v => v is not null).OrderDescending(), .. descending.Where(v => v is null)]);
        ascending.ShouldBe([.. ascending.Where(v => v is not null).Order(), .. ascending.Where(v => v is null)]);
    }

    [Fact]
    public async Task A_page_beyond_any_reachable_row_is_empty_and_still_counted()
    {
        var product = await SeedOutcomesAsync();

        var page = await _queries.ListAsync(new ProposalFilter { Product = product, Page = int.MaxValue, PageSize = 200 });

        page.Items.ShouldBeEmpty();
        (page.Total, page.Page).ShouldBe((4L, int.MaxValue));
    }

    [Fact]
    public async Task Counts_give_the_total_for_the_filter_and_each_outcome_beside_it()
    {
        var product = await SeedOutcomesAsync();
        await AppendAsync($"{product}-more", Started(product), Generated("p1"), Generated("p2"), Rejected("p2"));

        var page = await _queries.ListAsync(new ProposalFilter { Product = product, Outcome = ProposalOutcome.Pending });

        page.Counts.ShouldBe(new ProposalCounts(Pending: 2, AcceptedUnchanged: 1, AcceptedEdited: 1, Rejected: 2));
        page.Total.ShouldBe(2);
    }

    [Fact]
    public async Task A_proposal_is_found_by_stream_and_id_and_by_id_alone_unless_ambiguous()
    {
        var product = await SeedOutcomesAsync();
        var unique = $"only-{Guid.NewGuid():N}";
        await AppendAsync($"{product}-x", Generated(unique));

        (await _queries.GetAsync($"{product}-edited", "p")).ShouldNotBeNull().FinalContent.ShouldBe("Polished NEEDLE answer.");
        (await _queries.GetAsync($"{product}-edited", "nope")).ShouldBeNull();
        (await _queries.FindAsync(unique)).ShouldSatisfyAllConditions(
            m => m.Review.ShouldNotBeNull().StreamId.ShouldBe($"{product}-x"), m => m.IsAmbiguous.ShouldBeFalse());
        (await _queries.FindAsync("missing")).Review.ShouldBeNull();

        // An id of this test's own: the fixture's other tests use "p" in more streams than are listed.
        var twice = $"twice-{Guid.NewGuid():N}";
        await AppendAsync($"{product}-first", Generated(twice));
        await AppendAsync($"{product}-second", Generated(twice));
        var ambiguous = await _queries.FindAsync(twice);
        ambiguous.IsAmbiguous.ShouldBeTrue();
        ambiguous.Review.ShouldBeNull();
        ambiguous.Streams.ShouldBe([$"{product}-first", $"{product}-second"]);
    }
}
