using EventWorkbench.Analytics;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;
using static EventWorkbench.Tests.Analytics.UpgradeSql;

namespace EventWorkbench.Tests.Analytics;

/// <summary>
/// A store holding events-per-day documents counted under each event's product as of that event has them dropped with
/// their progress, once, so the daemon counts them again under each stream's product as corrected; nothing else goes.
/// </summary>
public sealed class ActivityByDayUpgradeTests
{
    private static readonly string Schema = EventStoreConfiguration.Schema;

    [Fact]
    public async Task Documents_counted_the_old_way_and_their_progress_go_and_the_rest_stays()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(ActivityByDayUpgradeTests));
        await using var admin = NpgsqlDataSource.Create(database.AdminConnectionString);
        (await ActivityByDayUpgrade.ApplyAsync(admin)).ShouldBeFalse(); // no document yet
        await ExecuteAsync(admin,
            $"insert into {Schema}.mt_doc_activitybyday (id, data, mt_version, mt_dotnet_type) values " +
            """('2026-11-02|suport', '{"id": "2026-11-02|suport", "day": "2026-11-02", "product": "suport", "total": 2}', 1, 'x'); """ +
            $"insert into {Schema}.mt_doc_revieweractivity (id, data, mt_version, mt_dotnet_type) values ('2026-11-02/ana', '{{\"day\": \"2026-11-02\"}}', 1, 'x'); " +
            $"insert into {Schema}.mt_event_progression (name, last_seq_id) values ('ActivityByDay:All', 812), ('ModelScorecard:All', 812)");

        (await ActivityByDayUpgrade.ApplyAsync(admin)).ShouldBeTrue();

        (await ScalarAsync(admin, $"select count(*) from {Schema}.mt_doc_activitybyday")).ShouldBe(0);
        (await ScalarAsync(admin, $"select count(*) from {Schema}.mt_doc_revieweractivity")).ShouldBe(1);
        (await ScalarAsync(admin, $"select string_agg(name, ' ' order by name) from {Schema}.mt_event_progression")).ShouldBe("ModelScorecard:All");
        (await ActivityByDayUpgrade.ApplyAsync(admin)).ShouldBeFalse(); // nothing counted the old way is left

        await ExecuteAsync(admin,
            $"insert into {Schema}.mt_doc_activitybyday (id, data, mt_version, mt_dotnet_type) values " +
            """('2026-11-02|support', '{"id": "2026-11-02|support", "day": "2026-11-02", "product": "support", "total": 2, "productAsCorrected": true}', 1, 'x')""");
        (await ActivityByDayUpgrade.ApplyAsync(admin)).ShouldBeFalse();
        (await ScalarAsync(admin, $"select count(*) from {Schema}.mt_doc_activitybyday")).ShouldBe(1);
    }
}
