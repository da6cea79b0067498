namespace EventWorkbench.Analytics;

/// <summary>What the dashboards narrow to: days (UTC, both inclusive), product, model and prompt version; each optional.</summary>
public sealed record DashboardFilter
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Product { get; init; }
    public string? Model { get; init; }
    public string? PromptVersion { get; init; }
}

/// <summary>
/// The figures of one <see cref="ModelScorecard"/>, without its per-proposal entries. <paramref name="DecisionSeconds"/>
/// (ascending) is what a median over several cards is taken from.
/// </summary>
public sealed record ScorecardFigures(
    string Model, string PromptVersion, string Product, DateOnly Day,
    int Proposals, int Pending, int AcceptedUnchanged, int AcceptedEdited, int Rejected,
    double? MeanSimilarity, int[] SimilarityBins, double? MedianTimeToDecisionSeconds, IReadOnlyList<double> DecisionSeconds)
{
    public int Decided => AcceptedUnchanged + AcceptedEdited + Rejected;
}

/// <summary>Events per type of one product's streams on one day.</summary>
public sealed record DailyActivity(DateOnly Day, string Product, IReadOnlyDictionary<string, long> EventsByType);

/// <summary>One person's review work per day and agreement with others (not tied to a product or model).</summary>
public sealed record ReviewerFigures(string Person, int JudgedWithOthers, int AgreedWithOthers, IReadOnlyDictionary<DateOnly, DailyReviewWork> ByDay)
{
    public double? AgreementRate => JudgedWithOthers == 0 ? null : (double)AgreedWithOthers / JudgedWithOthers;
}

/// <summary>Everything the dashboards draw, read from the analytics documents.</summary>
public sealed record DashboardFigures(
    IReadOnlyList<ScorecardFigures> Scorecards, IReadOnlyList<DailyActivity> Activity, IReadOnlyList<ReviewerFigures> Reviewers);

/// <summary>The values the dashboard filters offer, from the scorecards.</summary>
public sealed record DashboardChoices(IReadOnlyList<string> Products, IReadOnlyList<string> Models, IReadOnlyList<string> PromptVersions)
{
    public static DashboardChoices None { get; } = new([], [], []);
}
