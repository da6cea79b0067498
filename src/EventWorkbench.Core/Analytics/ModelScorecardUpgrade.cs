using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// <see cref="ModelScorecard.DecisionSeconds"/> was added after scorecards were first stored. A store holding cards
/// without it has it filled in at start-up from each card's own entries, as <see cref="ModelScorecardProjection.Recount"/>
/// fills it (the decided entries' seconds to decide, ascending), so the dashboards' medians over several cards are right
/// from the first page, without folding the log again.
/// </summary>
public static class ModelScorecardUpgrade
{
    private static readonly string Table = $"{EventStoreConfiguration.Schema}.mt_doc_modelscorecard";

    /// <summary>Run as the schema owner after Marten's migrations; true when cards of the old shape were filled in.</summary>
    public static async Task<bool> ApplyAsync(NpgsqlDataSource admin, CancellationToken cancellationToken = default)
    {
        await using var connection = await admin.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select to_regclass('{Table}') is not null and exists (select 1 from {Table} where not data ? 'decisionSeconds')", connection, transaction);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true) return false;

        // The entries' own JSON numbers, so the values are exactly those the fold would copy.
        command.CommandText =
            $"update {Table} set data = jsonb_set(data, '{{decisionSeconds}}', coalesce((" +
            "select jsonb_agg(e.value->'timeToDecisionSeconds' order by (e.value->>'timeToDecisionSeconds')::float8) " +
            "from jsonb_each(coalesce(data->'entries', '{}'::jsonb)) e " +
            "where e.value->>'outcome' <> 'Pending' and e.value->>'timeToDecisionSeconds' is not null), '[]'::jsonb)) " +
            "where not data ? 'decisionSeconds'";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }
}
