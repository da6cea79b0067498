using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Review;

namespace EventWorkbench.Web.Tests.Review;

public sealed class ReviewQueueAddressTests
{
    [Fact]
    public void The_default_queue_has_a_bare_address()
    {
        ReviewQueueAddress.For(new ProposalFilter()).ShouldBe("review");
        ReviewQueueAddress.Read("http://localhost/review").ShouldBe((new ProposalFilter(), []));
    }

    [Fact]
    public void Every_criterion_survives_the_round_trip_through_the_address()
    {
        var filter = new ProposalFilter
        {
            Outcome = ProposalOutcome.AcceptedEdited,
            Product = "support replies & more",
            Model = "gpt-4o",
            PromptVersion = "v3",
            Category = "minor_wording",
            MinSimilarity = 0.25,
            MaxSimilarity = 0.9,
            Curated = false,
            Verdict = CurationVerdict.Exclude,
            GeneratedFrom = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            GeneratedTo = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero).AddDays(1).AddTicks(-1),
            Text = "ünïcode ?&=#",
            Page = 7,
            PageSize = 50,
            Sort = ProposalSort.Similarity,
            Descending = false,
        };

        var address = ReviewQueueAddress.For(filter);

        address.ShouldStartWith("review?outcome=accepted_edited&product=support%20replies%20%26%20more");
        address.ShouldContain("from=2026-11-01&to=2026-11-26");
        ReviewQueueAddress.Read($"http://localhost/{address}").ShouldBe((filter, []));
    }

    [Theory]
    [InlineData("review?page=0", "page must be 1 or more")]
    [InlineData("review?pageSize=999", "pageSize must be between 1 and 200")]
    [InlineData("review?pageSize=lots", "pageSize 'lots' is not a whole number")]
    [InlineData("review?curated=maybe", "curated 'maybe' is not true or false")]
    [InlineData("review?to=26.11.2026", "to '26.11.2026' is not a day written yyyy-mm-dd")]
    [InlineData("review?outcome=approved", "outcome 'approved' is not one of pending, accepted_unchanged, accepted_edited, rejected")]
    [InlineData("review?category=typo", "category 'typo' is not one of unchanged, formatting, minor_wording, substantial_rewrite, structural_change")]
    [InlineData("review?minSimilarity=0.9&maxSimilarity=0.1", "minSimilarity must not be above maxSimilarity")]
    [InlineData("review?maxSimilarity=NaN", "maxSimilarity must be between 0 and 1")]
    public void An_unreadable_address_gives_the_whole_queue_and_the_reason(string address, string reason)
    {
        var (filter, errors) = ReviewQueueAddress.Read($"http://localhost/{address}");

        filter.ShouldBe(new ProposalFilter());
        errors.ShouldContain(reason);
    }

    [Fact]
    public void The_last_day_a_date_picker_offers_is_read_to_its_last_tick()
    {
        var (filter, errors) = ReviewQueueAddress.Read("http://localhost/review?to=9999-12-31");

        errors.ShouldBeEmpty();
        filter.GeneratedTo.ShouldBe(DateTimeOffset.MaxValue);
        ReviewQueueAddress.For(filter).ShouldBe("review?to=9999-12-31");
    }
}
