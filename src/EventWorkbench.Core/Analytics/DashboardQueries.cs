using System.Globalization;
using System.Text.Json;
using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// Reads the analytics documents (<see cref="ModelScorecard"/>, <see cref="ActivityByDay"/>, <see cref="ReviewerActivity"/>)
/// for the dashboards: only the figures, never a scorecard's per-proposal entries, so a load stays small whatever the store holds.
/// </summary>
public sealed class DashboardQueries(NpgsqlDataSource dataSource)
{
    private static readonly string Scorecards = $"{EventStoreConfiguration.Schema}.mt_doc_modelscorecard";
    private static readonly string Activity = $"{EventStoreConfiguration.Schema}.mt_doc_activitybyday";
    private static readonly string Reviewers = $"{EventStoreConfiguration.Schema}.mt_doc_revieweractivity";

    public async Task<DashboardFigures> LoadAsync(DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        var scorecards = await ScorecardsAsync(filter, cancellationToken);
        var activity = await ActivityAsync(filter, cancellationToken);
        var reviewers = await ReviewersAsync(filter, cancellationToken);
        return new DashboardFigures(scorecards, activity, reviewers);
    }

    public async Task<DashboardChoices> ChoicesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            $"select distinct d->>'product', d->>'model', d->>'promptVersion' from {Figures(Scorecards, "'entries'")}");
        var (products, models, versions) = (new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (Text(reader, 0) is { Length: > 0 } product) products.Add(product);
                if (Text(reader, 1) is { Length: > 0 } model) models.Add(model);
                if (Text(reader, 2) is { Length: > 0 } version) versions.Add(version);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return DashboardChoices.None; // no scorecard stored yet
        }
        return new DashboardChoices([.. products], [.. models], [.. versions]);
    }

    private async Task<IReadOnlyList<ScorecardFigures>> ScorecardsAsync(DashboardFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = Where(command, filter, includeModel: true);
        command.CommandText =
            "select d->>'model', d->>'promptVersion', d->>'product', d->>'day', " +
            "(d->>'proposals')::int, (d->>'pending')::int, (d->>'acceptedUnchanged')::int, (d->>'acceptedEdited')::int, " +
            "(d->>'rejected')::int, (d->>'meanSimilarity')::float8, (d->'similarityBins')::text, (d->>'medianTimeToDecisionSeconds')::float8, " +
            "(d->'decisionSeconds')::text " +
            $"from {Figures(Scorecards, "'entries'")} {where}";
        var rows = new List<ScorecardFigures>();
        await ReadAsync(command, reader => rows.Add(new ScorecardFigures(
            Text(reader, 0) ?? "", Text(reader, 1) ?? "", Text(reader, 2) ?? "", Day(reader.GetString(3)),
            Int(reader, 4), Int(reader, 5), Int(reader, 6), Int(reader, 7), Int(reader, 8),
            reader.IsDBNull(9) ? null : reader.GetDouble(9),
            reader.IsDBNull(10) ? new int[10] : JsonSerializer.Deserialize<int[]>(reader.GetString(10)) ?? new int[10],
            reader.IsDBNull(11) ? null : reader.GetDouble(11),
            reader.IsDBNull(12) ? [] : JsonSerializer.Deserialize<double[]>(reader.GetString(12)) ?? [])), cancellationToken);
        return rows;
    }

    private async Task<IReadOnlyList<DailyActivity>> ActivityAsync(DashboardFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = Where(command, filter, includeModel: false);
        command.CommandText = $"select d->>'day', d->>'product', (d->'eventsByType')::text from {Figures(Activity)} {where}";
        var rows = new List<DailyActivity>();
        await ReadAsync(command, reader => rows.Add(new DailyActivity(
            Day(reader.GetString(0)), Text(reader, 1) ?? "",
            reader.IsDBNull(2) ? new Dictionary<string, long>() : JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(2)) ?? []
        )), cancellationToken);
        return rows;
    }

    // A person's work is not tied to a product or model: only the days narrow it (the work done on those days, and the
    // agreement over the proposals generated on them).
    private async Task<IReadOnlyList<ReviewerFigures>> ReviewersAsync(DashboardFilter filter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var where = Where(command, filter with { Product = null }, includeModel: false);
        command.CommandText =
            "select d->>'person', d->>'day', (d->>'decisions')::int, (d->>'edits')::int, (d->>'curations')::int, " +
            "(d->>'judgedWithOthers')::int, (d->>'agreedWithOthers')::int " +
            $"from {Figures(Reviewers, "'decisionSeconds'", "'judgedAlongsideOthers'")} {where}";
        var people = new SortedDictionary<string, (int Judged, int Agreed, Dictionary<DateOnly, DailyReviewWork> ByDay)>(StringComparer.Ordinal);
        await ReadAsync(command, reader =>
        {
            var person = Text(reader, 0) ?? "";
            var (judged, agreed, byDay) = people.GetValueOrDefault(person, (0, 0, []));
            var work = new DailyReviewWork(Int(reader, 2), Int(reader, 3), Int(reader, 4));
            if (work != new DailyReviewWork(0, 0, 0)) byDay[Day(reader.GetString(1))] = work;
            people[person] = (judged + Int(reader, 5), agreed + Int(reader, 6), byDay);
        }, cancellationToken);
        return [.. people.Select(pair => new ReviewerFigures(pair.Key, pair.Value.Judged, pair.Value.Agreed, pair.Value.ByDay))];
    }

    /// <summary>
    /// The table's documents as <c>d</c>, without the named per-entry fields, each document read once. An expression like
    /// <c>data->>'day'</c> decompresses the whole stored document (a scorecard's per-proposal entries included) every time
    /// it is evaluated; taking the fields out first, in a subquery the planner does not merge (<c>offset 0</c>),
    /// decompresses each document once and leaves the selected fields and the filters a small value to read.
    /// </summary>
    private static string Figures(string table, params string[] bulkyFields) =>
        $"(select id, data{string.Concat(bulkyFields.Select(field => $" - {field}"))} as d from {table} offset 0) documents";

    private static string Where(NpgsqlCommand command, DashboardFilter filter, bool includeModel)
    {
        var clauses = new List<string>();
        void Add(string clause, string name, object value)
        {
            clauses.Add(clause);
            command.Parameters.AddWithValue(name, value);
        }
        // Days are stored as yyyy-MM-dd text, which sorts as the days do.
        if (filter.From is { } from) Add("d->>'day' >= @from", "from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (filter.To is { } to) Add("d->>'day' <= @to", "to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Present(filter.Product) is { } product) Add("d->>'product' = @product", "product", product);
        if (includeModel && Present(filter.Model) is { } model) Add("d->>'model' = @model", "model", model);
        if (includeModel && Present(filter.PromptVersion) is { } version) Add("d->>'promptVersion' = @promptVersion", "promptVersion", version);
        return clauses.Count == 0 ? "" : "where " + string.Join(" and ", clauses);
    }

    private static async Task ReadAsync(NpgsqlCommand command, Action<NpgsqlDataReader> read, CancellationToken cancellationToken)
    {
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) read(reader);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // the projections have not stored a document of this kind yet: nothing to show
        }
    }

    private static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    private static int Int(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? 0 : reader.GetInt32(column);

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
