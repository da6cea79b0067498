using EventWorkbench.Analytics;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;
using static EventWorkbench.Tests.Analytics.UpgradeSql;

namespace EventWorkbench.Tests.Analytics;

/// <summary>A store holding reviewer documents of the per-person shape has them dropped with their progress, once; nothing else.</summary>
public sealed class ReviewerActivityUpgradeTests
{
    private static readonly string Schema = EventStoreConfiguration.Schema;

    [Fact]
    public async Task Per_person_documents_and_their_progress_go_and_the_rest_stays()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(ReviewerActivityUpgradeTests));
        await using var admin = NpgsqlDataSource.Create(database.AdminConnectionString);
        await ExecuteAsync(admin,
            $"insert into {Schema}.mt_doc_revieweractivity (id, data, mt_version, mt_dotnet_type) values " +
            """('ana', '{"id": "ana", "byDay": {"2026-11-02": {"decisions": 2}}, "decisionSeconds": [30, 40]}', 1, 'x'); """ +
            $"insert into {Schema}.mt_doc_activitybyday (id, data, mt_version, mt_dotnet_type) values ('2026-11-02/support', '{{}}', 1, 'x'); " +
            $"insert into {Schema}.mt_event_progression (name, last_seq_id) values ('ReviewerActivity:All', 812), ('ActivityByDay:All', 812), ('ReviewerActivity__shadow:All', 812)");

        (await ReviewerActivityUpgrade.ApplyAsync(admin)).ShouldBeTrue();

        (await ScalarAsync(admin, $"select count(*) from {Schema}.mt_doc_revieweractivity")).ShouldBe(0);
        (await ScalarAsync(admin, $"select count(*) from {Schema}.mt_doc_activitybyday")).ShouldBe(1);
        (await ScalarAsync(admin, $"select string_agg(name, ' ' order by name) from {Schema}.mt_event_progression"))
            .ShouldBe("ActivityByDay:All ReviewerActivity__shadow:All");
        (await ReviewerActivityUpgrade.ApplyAsync(admin)).ShouldBeFalse(); // nothing of the old shape is left

        await ExecuteAsync(admin,
            $"insert into {Schema}.mt_doc_revieweractivity (id, data, mt_version, mt_dotnet_type) values " +
            """('2026-11-02/ana', '{"id": "2026-11-02/ana", "person": "ana", "day": "2026-11-02"}', 1, 'x')""");
        (await ReviewerActivityUpgrade.ApplyAsync(admin)).ShouldBeFalse();
        (await ScalarAsync(admin, $"select count(*) from {Schema}.mt_doc_revieweractivity")).ShouldBe(1);
    }
}
