using System.Globalization;
using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Analytics;

public enum ExploreDimension { Model, PromptVersion, Product, Channel, Reviewer, EditCategory, Day, Week }

public enum ExploreMeasure { Count, AcceptanceRate, EditRate, MeanSimilarity, MedianTimeToDecision }

/// <summary>What the explorer groups by and measures, optionally split by a second dimension, under the dashboards' filters.</summary>
public sealed record ExploreRequest(ExploreDimension Dimension, ExploreMeasure Measure, ExploreDimension? Split, DashboardFilter Filter)
{
    public static ExploreRequest Default { get; } = new(ExploreDimension.Model, ExploreMeasure.Count, null, new DashboardFilter());
}

/// <param name="Label">The dimension's value; null where proposals have none (no product, not decided, ...).</param>
/// <param name="Split">The second dimension's value, when split.</param>
/// <param name="Value">The measure; null where it has nothing to measure (a rate without decisions).</param>
/// <param name="Proposals">How many proposals the group holds.</param>
public sealed record ExploreRow(string? Label, string? Split, double? Value, long Proposals);

/// <summary>
/// The explorer's one query: a single SQL GROUP BY over the <c>ProposalReview</c> documents (medians by
/// <c>percentile_cont</c>), so every figure is computed where the proposals are.
/// </summary>
public sealed class ExploreQueries(NpgsqlDataSource dataSource)
{
    /// <summary>At most this many groups are returned (the largest first, then shown in label order).</summary>
    public const int MaxGroups = 500;

    private static readonly string Proposals = $"{EventStoreConfiguration.Schema}.mt_doc_proposalreview";

    // Compared in lower case without underscores: the enum's JSON spelling follows the store's serializer settings.
    private const string Outcome = "replace(lower(d.data->>'outcome'), '_', '')";
    private const string Decided = $"{Outcome} in ('acceptedunchanged', 'acceptededited', 'rejected')";

    public async Task<IReadOnlyList<ExploreRow>> RunAsync(ExploreRequest request, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand();
        var split = request.Split is { } s && s != request.Dimension ? Column(s) : "null::text";
        var where = Where(command, request.Filter);
        command.CommandText =
            $"select {Column(request.Dimension)} as label, {split} as split, {Measure(request.Measure)} as value, count(*) as proposals " +
            $"from {Proposals} d {where} group by 1, 2 order by count(*) desc, 1, 2 limit {MaxGroups}";
        var rows = new List<ExploreRow>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new ExploreRow(
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.IsDBNull(2) ? null : Convert.ToDouble(reader.GetValue(2), CultureInfo.InvariantCulture),
                    reader.GetInt64(3)));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return []; // no proposal stored yet
        }
        return [.. rows.OrderBy(r => r.Label, StringComparer.Ordinal).ThenBy(r => r.Split, StringComparer.Ordinal)];
    }

    /// <summary>The SQL of a dimension's value, as text. Days and weeks are UTC; a week is named by its Monday.</summary>
    internal static string Column(ExploreDimension dimension) => dimension switch
    {
        ExploreDimension.Model => "d.data->>'model'",
        ExploreDimension.PromptVersion => "d.data->>'promptVersion'",
        ExploreDimension.Product => "d.data->>'product'",
        ExploreDimension.Channel => "d.data->>'channel'",
        ExploreDimension.Reviewer => "d.data->>'decidedBy'",
        ExploreDimension.EditCategory => "d.data->>'editCategory'",
        ExploreDimension.Day => "to_char(d.generated_at at time zone 'UTC', 'YYYY-MM-DD')",
        ExploreDimension.Week => "to_char(date_trunc('week', d.generated_at at time zone 'UTC'), 'YYYY-MM-DD')",
        _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, null),
    };

    /// <summary>The SQL of a measure. Rates and similarity are over decided proposals; similarity and time only where a proposal has them.</summary>
    internal static string Measure(ExploreMeasure measure) => measure switch
    {
        ExploreMeasure.Count => "count(*)::float8",
        ExploreMeasure.AcceptanceRate => $"avg(case when {Outcome} in ('acceptedunchanged', 'acceptededited') then 1.0 when {Decided} then 0.0 end)::float8",
        ExploreMeasure.EditRate => $"avg(case when {Outcome} = 'acceptededited' then 1.0 when {Decided} then 0.0 end)::float8",
        // As the scorecards: a pending proposal's similarity is to a draft, not to a final text.
        ExploreMeasure.MeanSimilarity => $"avg(case when {Decided} then (d.data->>'similarity')::float8 end)",
        ExploreMeasure.MedianTimeToDecision => "percentile_cont(0.5) within group (order by (d.data->>'timeToDecisionSeconds')::float8)",
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, null),
    };

    private static string Where(NpgsqlCommand command, DashboardFilter filter)
    {
        var clauses = new List<string>();
        void Add(string clause, string name, object value)
        {
            clauses.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }
        if (filter.From is { } from) Add("d.generated_at >= @from", "from", new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        // Before the next day; 9999-12-31 has none, and nothing is after it.
        if (filter.To is { } to && to < DateOnly.MaxValue)
            Add("d.generated_at < @to", "to", new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (Present(filter.Product) is { } product) Add("d.data->>'product' = @product", "product", product);
        if (Present(filter.Model) is { } model) Add("d.data->>'model' = @model", "model", model);
        if (Present(filter.PromptVersion) is { } version) Add("d.data->>'promptVersion' = @promptVersion", "promptVersion", version);
        return clauses.Count == 0 ? "" : "where " + string.Join(" and ", clauses);
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
