using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Web.Features.Dashboards;
using EventWorkbench.Web.Tests.Review;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EventWorkbench.Web.Tests.Dashboards;

/// <summary>The dashboards and the explorer pages on a real database: what the address asks for, and what a bad address says.</summary>
public sealed class DashboardPagesTests(ReviewDatabase database)
    : ReviewTestContext(database, services => services.AddDashboards().AddSingleton(NpgsqlDataSource.Create(database.Database.AppConnectionString))),
      IClassFixture<ReviewDatabase>
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void A_dashboard_address_with_a_bad_day_shows_a_readable_message_and_everything()
    {
        Navigation.NavigateTo("dashboards?from=yesterday&product=support-replies");

        var page = Render<DashboardsPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=dashboards-error]").TextContent
            .ShouldStartWith("These filters cannot be applied (from"), Wait);
        page.Find("[data-testid=dashboards-error]").TextContent.ShouldEndWith("showing everything instead.");
        page.WaitForAssertion(() => page.FindAll("[data-testid=chart-card]").Count.ShouldBe(8), Wait);
    }

    [Fact]
    public void A_dashboard_address_asking_per_week_names_the_step_on_the_time_charts_and_offers_the_steps()
    {
        Navigation.NavigateTo("dashboards?per=week");

        var page = Render<DashboardsPage>();

        page.WaitForAssertion(() => page.FindAll("[data-testid=chart-card]").Count.ShouldBe(8), Wait);
        page.Find("[data-chart=events-per-day] h2").TextContent.ShouldBe("Events per week");
        page.Find("[data-chart=reviewer-throughput]").TextContent.ShouldContain("per person per week");
        page.FindAll("[data-testid=dashboards-error]").ShouldBeEmpty();
        page.Find("[data-testid=filter-per]").TextContent.Trim().ShouldBe("Week");
    }

    [Fact]
    public void An_explore_address_naming_an_unknown_dimension_shows_a_readable_message()
    {
        Navigation.NavigateTo("explore?dimension=colour&measure=count");

        var page = Render<ExplorePage>();

        page.WaitForAssertion(() => page.Find("[data-testid=explore-error]").TextContent
            .ShouldContain("This choice cannot be shown (dimension"), Wait);
        page.Find("[data-testid=explore-error]").TextContent.ShouldEndWith("showing proposals by model instead.");
    }

    [Fact]
    public void The_explorer_reads_its_choice_from_the_address()
    {
        Navigation.NavigateTo("explore?dimension=product&measure=acceptance_rate");

        var page = Render<ExplorePage>();

        page.WaitForAssertion(() => page.Find("[data-chart=explore] h2").TextContent.ShouldBe("Acceptance rate by product"), Wait);
        page.FindAll("[data-testid=explore-error]").ShouldBeEmpty();
    }

    [Fact]
    public void Only_a_reviewer_is_told_that_a_bar_opens_the_review_queue()
    {
        var asReviewer = Render<ExplorePage>();
        asReviewer.WaitForAssertion(() => asReviewer.Markup.ShouldContain("Click a bar to open its proposals in the review queue."), Wait);

        SignedIn.Account("just.a.viewer", AccessRoles.Viewer);
        var asViewer = Render<ExplorePage>();
        asViewer.WaitForAssertion(() => asViewer.FindAll("[data-chart=explore]").Count.ShouldBe(1), Wait);
        asViewer.Markup.ShouldNotContain("Click a bar");
    }

    [Fact]
    public void A_nul_character_in_a_filter_of_the_address_is_named_instead_of_failing_the_query()
    {
        Navigation.NavigateTo("explore?dimension=week&measure=count&product=support%00");

        var page = Render<ExplorePage>();

        page.WaitForAssertion(() => page.Find("[data-testid=explore-error]").TextContent
            .ShouldBe("This choice cannot be shown (product must not contain the NUL character (%00)); showing proposals by model instead."), Wait);
        page.WaitForAssertion(() => page.Find("[data-chart=explore] h2").TextContent.ShouldBe("Proposals by model"), Wait);
    }
}
