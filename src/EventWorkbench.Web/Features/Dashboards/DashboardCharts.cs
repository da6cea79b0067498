using System.Globalization;
using System.Text.Json;
using EventWorkbench.Analytics;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>
/// The dashboards' charts, each already aggregated from the analytics figures. The time charts group the days by a
/// <see cref="TimeStep"/>: counts are summed over a step's days and rates are taken from those sums, not averaged.
/// </summary>
public sealed record DashboardCharts(
    ChartData AcceptanceRate, ChartData EditRate, ChartData RejectRate, ChartData Similarity, ChartData TimeToDecision,
    ChartData EventsPerDay, ChartData ReviewerThroughput, ChartData ReviewerAgreement)
{
    public static DashboardCharts From(DashboardFigures figures, TimeStep per = TimeStep.Day)
    {
        var time = per.Title();
        // Each model and prompt version is its own series, keyed apart from its name: model "a · b" without a prompt
        // version and model "a" with prompt version "b" would read the same.
        var seriesNames = SeriesNames(figures.Scorecards);
        var byModelAndPrompt = figures.Scorecards
            .GroupBy(s => (Day: per.Label(s.Day), Series: SeriesKey(s)))
            .Select(g => (g.Key.Day, g.Key.Series, Decided: g.Sum(s => s.Decided),
                Accepted: g.Sum(s => s.AcceptedUnchanged + s.AcceptedEdited), Edited: g.Sum(s => s.AcceptedEdited), Rejected: g.Sum(s => s.Rejected)))
            .Where(r => r.Decided > 0)
            .ToList();
        ChartData Rate(Func<(string Day, string Series, int Decided, int Accepted, int Edited, int Rejected), int> part, string title) =>
            ChartData.From(time, title, ValueFormat.Share, byModelAndPrompt, r => r.Day, r => r.Series, r => (double)part(r) / r.Decided,
                seriesName: key => seriesNames[key]) with { Step = per };

        var similarity = figures.Scorecards
            .GroupBy(s => s.Model)
            .SelectMany(g => Enumerable.Range(0, 10).Select(bin => (Bin: BinLabel(bin), Model: g.Key, Count: (double)g.Sum(s => s.SimilarityBins.ElementAtOrDefault(bin)))))
            .ToList();
        var hasSimilarity = similarity.Any(r => r.Count > 0);

        // The median of every decision of the step's cards taken together: a median of medians is not a median.
        var timeToDecision = figures.Scorecards
            .Where(s => s.DecisionSeconds.Count > 0)
            .GroupBy(s => (Day: per.Label(s.Day), s.Model))
            .Select(g => (g.Key.Day, g.Key.Model, Seconds: Median.Of(g.SelectMany(s => s.DecisionSeconds))))
            .ToList();

        var events = figures.Activity
            .SelectMany(a => a.EventsByType.Select(pair => (Day: per.Label(a.Day), Type: pair.Key, Count: pair.Value)))
            .GroupBy(r => (r.Day, r.Type))
            .Select(g => (g.Key.Day, g.Key.Type, Count: (double)g.Sum(r => r.Count)))
            .ToList();

        var throughput = figures.Reviewers
            .SelectMany(r => r.ByDay.Select(pair => (Day: per.Label(pair.Key), r.Person, Work: (double)(pair.Value.Decisions + pair.Value.Edits + pair.Value.Curations))))
            .GroupBy(r => (r.Day, r.Person))
            .Select(g => (g.Key.Day, g.Key.Person, Work: g.Sum(r => r.Work)))
            .ToList();
        var agreement = figures.Reviewers.Where(r => r.AgreementRate is not null).ToList();

        return new DashboardCharts(
            Rate(r => r.Accepted, "Accepted"),
            Rate(r => r.Edited, "Accepted after an edit"),
            Rate(r => r.Rejected, "Rejected"),
            hasSimilarity
                ? ChartData.From("Similarity", "Proposals", ValueFormat.Count, similarity, r => r.Bin, r => r.Model, r => r.Count)
                : ChartData.Empty("Similarity", "Proposals", ValueFormat.Count),
            ChartData.From(time, "Median seconds to decide", ValueFormat.Seconds, timeToDecision, r => r.Day, r => r.Model, r => r.Seconds) with { Step = per },
            ChartData.From(time, "Events", ValueFormat.Count, events, r => r.Day, r => r.Type, r => r.Count) with { Step = per },
            ChartData.From(time, "Decisions, edits and curations", ValueFormat.Count, throughput, r => r.Day, r => r.Person, r => r.Work) with { Step = per },
            ChartData.From("Person", "Agreement with others", ValueFormat.Share, agreement, r => r.Person, _ => "Agreement", r => r.AgreementRate));
    }

    /// <summary>A model and prompt version as one series key, unambiguous whatever the names hold.</summary>
    public static string SeriesKey(ScorecardFigures s) => JsonSerializer.Serialize(new[] { s.Model, s.PromptVersion });

    /// <summary>
    /// Each series key's name: "model · prompt version" (the model alone without one), or, where two series would read
    /// the same, each spelled out.
    /// </summary>
    private static Dictionary<string, string> SeriesNames(IEnumerable<ScorecardFigures> cards)
    {
        var pairs = cards.Select(s => (Key: SeriesKey(s), s.Model, s.PromptVersion)).DistinctBy(p => p.Key).ToList();
        static string Short(string model, string prompt) => prompt.Length == 0 ? model : $"{model} · {prompt}";
        static string Long(string model, string prompt) =>
            prompt.Length == 0 ? $"model “{model}”, no prompt version" : $"model “{model}”, prompt version “{prompt}”";
        return pairs.GroupBy(p => Short(p.Model, p.PromptVersion), StringComparer.Ordinal)
            .SelectMany(g => g.Select(p => (p.Key, Name: g.Count() == 1 ? g.Key : Long(p.Model, p.PromptVersion))))
            .ToDictionary(p => p.Key, p => p.Name, StringComparer.Ordinal);
    }

    private static string BinLabel(int bin) => bin == 9
        ? "0.9–1.0"
        : $"{(bin / 10.0).ToString("0.0", CultureInfo.InvariantCulture)}–{((bin + 1) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)}";
}
