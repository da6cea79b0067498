using EventWorkbench.Analytics;
using EventWorkbench.Projections;
using Marten;

namespace EventWorkbench.Tests.Projections;

/// <summary>
/// A shadow of a projection the async daemon runs (<see cref="ModelScorecard"/>): built from the live reviews it reads,
/// promoted only while the daemon's position is the shadow's, so the daemon goes on from there.
/// </summary>
public sealed class AsyncShadowTests
{
    private const string LiveScorecards = "eventworkbench.mt_doc_modelscorecard";
    private const string Shard = "eventworkbench.mt_event_progression WHERE name = 'ModelScorecard:All'";

    [Fact]
    public async Task A_shadow_of_the_scorecards_the_daemon_built_shows_no_changes()
    {
        await using var scope = await StartAsync();

        var summary = await scope.Builder.BuildAsync(Scorecards(scope), "ana");

        summary.LiveDocuments.ShouldBeGreaterThan(0);
        (summary.ShadowDocuments, summary.HasChanges).ShouldBe((summary.LiveDocuments, false));
    }

    [Fact]
    public async Task Promote_replaces_the_live_scorecards_while_the_daemon_is_at_the_shadows_position()
    {
        await using var scope = await StartAsync();
        var original = await CardJsonAsync(scope);
        await scope.AsOwnerAsync($"UPDATE {LiveScorecards} SET data = jsonb_set(data, '{{proposals}}', '99')");
        var built = await scope.Builder.BuildAsync(Scorecards(scope), "ana");
        built.Changed.ShouldBe(built.LiveDocuments);

        (await scope.Promoter.PromoteAsync(Scorecards(scope), "ana")).ShouldBeOfType<ShadowOutcome.Done>();

        (await CardJsonAsync(scope)).ShouldBe(original);
        (await scope.CountAsync($"SELECT last_seq_id FROM {Shard}")).ShouldBe(built.BuiltThrough);
    }

    [Fact]
    public async Task Promote_is_refused_and_changes_nothing_while_the_daemon_is_behind_the_shadow()
    {
        await using var scope = await StartAsync();
        await scope.AsOwnerAsync($"UPDATE {LiveScorecards} SET data = jsonb_set(data, '{{proposals}}', '99')");
        var built = await scope.Builder.BuildAsync(Scorecards(scope), "ana");
        await scope.AsOwnerAsync($"UPDATE {Shard.Replace("WHERE", "SET last_seq_id = last_seq_id - 1 WHERE", StringComparison.Ordinal)}");

        var outcome = await scope.Promoter.PromoteAsync(Scorecards(scope), "ana");

        outcome.ShouldBeOfType<ShadowOutcome.Refused>().Message.ShouldContain($"not yet at the shadow's position {built.BuiltThrough:N0}");
        (await CardJsonAsync(scope))!.ShouldContain("\"proposals\": 99");
    }

    /// <summary>Two interactions, their scorecards built by the daemon (its position is then the last event).</summary>
    private static async Task<ShadowStoreScope> StartAsync()
    {
        var scope = await ShadowStoreScope.StartAsync();
        using var daemon = await scope.Store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<ModelScorecardProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);
        return scope;
    }

    private static ShadowedProjection Scorecards(ShadowStoreScope scope) => ShadowedProjection.Find(scope.Store, "ModelScorecard")!;

    private static async Task<string?> CardJsonAsync(ShadowStoreScope scope)
    {
        await using var command = scope.DataSource.CreateCommand($"SELECT string_agg(data::text, ' ' ORDER BY id) FROM {LiveScorecards}");
        return await command.ExecuteScalarAsync() as string;
    }
}
