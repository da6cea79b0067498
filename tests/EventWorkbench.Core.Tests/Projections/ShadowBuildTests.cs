using EventWorkbench.Projections;

namespace EventWorkbench.Tests.Projections;

public sealed class ShadowBuildTests
{
    private const string LiveReviews = "eventworkbench.mt_doc_proposalreview";

    [Fact]
    public async Task A_shadow_of_an_unchanged_projection_shows_no_changes()
    {
        await using var scope = await ShadowStoreScope.StartAsync();

        var summary = await scope.Builder.BuildAsync(scope.Reviews, "ana");

        summary.HasChanges.ShouldBeFalse();
        summary.LiveDocuments.ShouldBe(2);
        summary.ShadowDocuments.ShouldBe(2);
        summary.Unchanged.ShouldBe(2);
        summary.Events.ShouldBe(await scope.CountAsync("SELECT count(*) FROM eventworkbench.mt_events"));
        var page = await ShadowBuilds.PageAsync(scope.DataSource, scope.Reviews, 1, 20, CancellationToken.None);
        page!.Items.ShouldBeEmpty();
        page.Total.ShouldBe(0);
    }

    [Fact]
    public async Task Live_documents_made_by_other_code_show_exactly_their_adds_removes_and_field_changes_with_the_explaining_events()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.AsOwnerAsync($$"""
            UPDATE {{LiveReviews}} SET data = jsonb_set(data, '{model}', '"old-model"') WHERE id = 'shadow-a/p1';
            DELETE FROM {{LiveReviews}} WHERE id = 'shadow-b/p1';
            INSERT INTO {{LiveReviews}} (id, data, mt_last_modified, mt_version, mt_dotnet_type)
                SELECT 'shadow-z/p9', data, mt_last_modified, mt_version, mt_dotnet_type FROM {{LiveReviews}} WHERE id = 'shadow-a/p1';
            """);

        var summary = await scope.Builder.BuildAsync(scope.Reviews, "ana");

        (summary.Added, summary.Removed, summary.Changed, summary.Unchanged).ShouldBe((1L, 1L, 1L, 0L));
        var page = await ShadowBuilds.PageAsync(scope.DataSource, scope.Reviews, 1, 20, CancellationToken.None);
        page!.Items.Select(c => (c.DocumentId, c.Kind)).ShouldBe(
            [("shadow-a/p1", ShadowChangeKind.Changed), ("shadow-b/p1", ShadowChangeKind.Added), ("shadow-z/p9", ShadowChangeKind.Removed)]);
        var changed = page.Items[0];
        changed.Fields.ShouldBe([new FieldChange("$.model", "\"old-model\"", "\"gpt-x\"")]);
        changed.Events.Select(e => (e.StreamId, e.Version, e.Type)).ShouldBe(
            [("shadow-a", 1L, "interaction_started"), ("shadow-a", 2L, "proposal_generated"), ("shadow-a", 3L, "proposal_accepted")]);
        page.Items[1].Events.Select(e => e.Type).ShouldBe(["interaction_started", "proposal_generated", "proposal_edited"]);
    }

    [Fact]
    public async Task Paging_lists_the_changes_in_id_order_a_page_at_a_time()
    {
        await using var scope = await ShadowStoreScope.StartAsync();
        await scope.AsOwnerAsync($"UPDATE {LiveReviews} SET data = jsonb_set(data, '{{aiContent}}', '\"x\"')");

        await scope.Builder.BuildAsync(scope.Reviews, "ana");

        var first = await ShadowBuilds.PageAsync(scope.DataSource, scope.Reviews, 1, 1, CancellationToken.None);
        var second = await ShadowBuilds.PageAsync(scope.DataSource, scope.Reviews, 2, 1, CancellationToken.None);
        var beyond = await ShadowBuilds.PageAsync(scope.DataSource, scope.Reviews, 3, 1, CancellationToken.None);
        first!.Items.Single().DocumentId.ShouldBe("shadow-a/p1");
        second!.Items.Single().DocumentId.ShouldBe("shadow-b/p1");
        beyond!.Items.ShouldBeEmpty();
        first.Total.ShouldBe(2);
    }

    [Fact]
    public void Ids_are_ordered_by_their_utf8_bytes_as_postgresql_orders_them()
    {
        ShadowComparer.Utf8Order("a", "b").ShouldBeLessThan(0);
        // U+FF21 (one UTF-16 unit) sorts after U+1F600 (a surrogate pair) by UTF-16, before it by UTF-8.
        ShadowComparer.Utf8Order("\uFF21", "\U0001F600").ShouldBeLessThan(0);
    }
}
