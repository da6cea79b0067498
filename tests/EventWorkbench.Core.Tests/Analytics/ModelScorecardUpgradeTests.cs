using EventWorkbench.Analytics;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using JasperFx;
using Marten;
using Npgsql;
using static EventWorkbench.Tests.Analytics.UpgradeSql;

namespace EventWorkbench.Tests.Analytics;

/// <summary>
/// Scorecards stored before they kept their decisions' seconds get them from their own entries, once, exactly as the fold
/// would have written them; the dashboards then read the same figures as from a card the fold wrote.
/// </summary>
public sealed class ModelScorecardUpgradeTests
{
    private static readonly string Table = $"{EventStoreConfiguration.Schema}.mt_doc_modelscorecard";
    private static readonly DateOnly Day = new(2026, 11, 2);

    [Fact]
    public async Task Cards_without_their_decisions_seconds_get_them_from_their_entries()
    {
        var database = await TestCluster.CreateDatabaseAsync(nameof(ModelScorecardUpgradeTests));
        await using var admin = NpgsqlDataSource.Create(database.AdminConnectionString);
        (await ModelScorecardUpgrade.ApplyAsync(admin)).ShouldBeFalse(); // no table yet

        using var store = DocumentStore.For(options =>
        {
            options.Connection(database.AdminConnectionString);
            EventStoreConfiguration.Configure(options);
            options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        });
        var mixed = Card("gpt-x", ("s/p1", "AcceptedEdited", 90.25), ("s/p2", "Pending", null), ("s/p3", "Rejected", 0.1),
            ("s/p4", "AcceptedUnchanged", 1e6 / 3), ("s/p5", "AcceptedUnchanged", null));
        var pendingOnly = Card("claude-y", ("t/p1", "Pending", null));
        await using (var session = store.LightweightSession())
        {
            session.Store(mixed, pendingOnly);
            await session.SaveChangesAsync();
        }
        var queries = new DashboardQueries(admin);
        var folded = await queries.LoadAsync(new DashboardFilter());
        await ExecuteAsync(admin, $"update {Table} set data = data - 'decisionSeconds'"); // as stored before the field

        (await ModelScorecardUpgrade.ApplyAsync(admin)).ShouldBeTrue();

        var upgraded = await queries.LoadAsync(new DashboardFilter());
        Seconds(upgraded).ShouldBe(Seconds(folded));
        upgraded.Scorecards.Single(s => s.Model == "gpt-x").DecisionSeconds.ShouldBe([0.1, 90.25, 1e6 / 3]);
        await using (var session = store.QuerySession())
            (await session.LoadAsync<ModelScorecard>(mixed.Id)).ShouldNotBeNull().DecisionSeconds.ShouldBe([0.1, 90.25, 1e6 / 3]);
        (await ModelScorecardUpgrade.ApplyAsync(admin)).ShouldBeFalse(); // nothing of the old shape is left
    }

    private static string[] Seconds(DashboardFigures figures) =>
        [.. figures.Scorecards.OrderBy(s => s.Model, StringComparer.Ordinal)
            .Select(s => $"{s.Model}: {string.Join(' ', s.DecisionSeconds.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}")];

    private static ModelScorecard Card(string model, params (string Review, string Outcome, double? Seconds)[] entries)
    {
        var card = new ModelScorecard
        {
            Id = ModelScorecard.IdFor(model, "v1", "support", Day), Model = model, PromptVersion = "v1", Product = "support", Day = Day,
            Entries = entries.ToDictionary(e => e.Review, e => new ScorecardEntry(e.Outcome, null, e.Seconds, null)),
        };
        ModelScorecardProjection.Recount(card);
        return card;
    }
}
