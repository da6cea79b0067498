using System.Globalization;
using EventWorkbench.Analytics;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>The dashboards' charts, each already aggregated from the analytics figures.</summary>
public sealed record DashboardCharts(
    ChartData AcceptanceRate, ChartData EditRate, ChartData RejectRate, ChartData Similarity, ChartData TimeToDecision,
    ChartData EventsPerDay, ChartData ReviewerThroughput, ChartData ReviewerAgreement)
{
    public static DashboardCharts From(DashboardFigures figures)
    {
        var byModelAndPrompt = figures.Scorecards
            .GroupBy(s => (Day: DayText(s.Day), Series: ModelAndPrompt(s)))
            .Select(g => (g.Key.Day, g.Key.Series, Decided: g.Sum(s => s.Decided),
                Accepted: g.Sum(s => s.AcceptedUnchanged + s.AcceptedEdited), Edited: g.Sum(s => s.AcceptedEdited), Rejected: g.Sum(s => s.Rejected)))
            .Where(r => r.Decided > 0)
            .ToList();
        ChartData Rate(Func<(string Day, string Series, int Decided, int Accepted, int Edited, int Rejected), int> part, string title) =>
            ChartData.From("Day", title, ValueFormat.Share, byModelAndPrompt, r => r.Day, r => r.Series, r => (double)part(r) / r.Decided);

        var similarity = figures.Scorecards
            .GroupBy(s => s.Model)
            .SelectMany(g => Enumerable.Range(0, 10).Select(bin => (Bin: BinLabel(bin), Model: g.Key, Count: (double)g.Sum(s => s.SimilarityBins.ElementAtOrDefault(bin)))))
            .ToList();
        var hasSimilarity = similarity.Any(r => r.Count > 0);

        // A median of medians is not a median: each day's value weighs the cards' medians by their decisions.
        var timeToDecision = figures.Scorecards
            .Where(s => s.MedianTimeToDecisionSeconds is not null && s.Decided > 0)
            .GroupBy(s => (Day: DayText(s.Day), s.Model))
            .Select(g => (g.Key.Day, g.Key.Model, Seconds: g.Sum(s => s.MedianTimeToDecisionSeconds!.Value * s.Decided) / g.Sum(s => s.Decided)))
            .ToList();

        var events = figures.Activity
            .SelectMany(a => a.EventsByType.Select(pair => (Day: DayText(a.Day), Type: pair.Key, Count: pair.Value)))
            .GroupBy(r => (r.Day, r.Type))
            .Select(g => (g.Key.Day, g.Key.Type, Count: (double)g.Sum(r => r.Count)))
            .ToList();

        var throughput = figures.Reviewers
            .SelectMany(r => r.ByDay.Select(pair => (Day: DayText(pair.Key), r.Person, Work: (double)(pair.Value.Decisions + pair.Value.Edits + pair.Value.Curations))))
            .ToList();
        var agreement = figures.Reviewers.Where(r => r.AgreementRate is not null).ToList();

        return new DashboardCharts(
            Rate(r => r.Accepted, "Accepted"),
            Rate(r => r.Edited, "Accepted after an edit"),
            Rate(r => r.Rejected, "Rejected"),
            hasSimilarity
                ? ChartData.From("Similarity", "Proposals", ValueFormat.Count, similarity, r => r.Bin, r => r.Model, r => r.Count)
                : ChartData.Empty("Similarity", "Proposals", ValueFormat.Count),
            ChartData.From("Day", "Median seconds to decide", ValueFormat.Seconds, timeToDecision, r => r.Day, r => r.Model, r => r.Seconds),
            ChartData.From("Day", "Events", ValueFormat.Count, events, r => r.Day, r => r.Type, r => r.Count),
            ChartData.From("Day", "Decisions, edits and curations", ValueFormat.Count, throughput, r => r.Day, r => r.Person, r => r.Work),
            ChartData.From("Person", "Agreement with others", ValueFormat.Share, agreement, r => r.Person, _ => "Agreement", r => r.AgreementRate));
    }

    private static string ModelAndPrompt(ScorecardFigures s) => s.PromptVersion.Length == 0 ? s.Model : $"{s.Model} · {s.PromptVersion}";

    private static string DayText(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string BinLabel(int bin) => bin == 9
        ? "0.9–1.0"
        : $"{(bin / 10.0).ToString("0.0", CultureInfo.InvariantCulture)}–{((bin + 1) / 10.0).ToString("0.0", CultureInfo.InvariantCulture)}";
}
