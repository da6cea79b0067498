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
    private const string Documents = "mt_doc_modelscorecard";

    /// <summary>Run as the schema owner after Marten's migrations; true when cards of the old shape were filled in.</summary>
    public static Task<bool> ApplyAsync(NpgsqlDataSource admin, CancellationToken cancellationToken = default) =>
        // The entries' own JSON numbers, so the values are exactly those the fold would copy.
        OldShapeDocuments.ApplyAsync(admin, Documents, "not data ? 'decisionSeconds'",
            $"update {OldShapeDocuments.Qualified(Documents)} set data = jsonb_set(data, '{{decisionSeconds}}', coalesce((" +
            "select jsonb_agg(e.value->'timeToDecisionSeconds' order by (e.value->>'timeToDecisionSeconds')::float8) " +
            "from jsonb_each(coalesce(data->'entries', '{}'::jsonb)) e " +
            "where e.value->>'outcome' <> 'Pending' and e.value->>'timeToDecisionSeconds' is not null), '[]'::jsonb)) " +
            "where not data ? 'decisionSeconds'",
            cancellationToken);
}
