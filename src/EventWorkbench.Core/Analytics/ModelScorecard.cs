namespace EventWorkbench.Analytics;

/// <summary>
/// How one model and prompt version did for one product on one day (the day its proposals were generated):
/// how many proposals, what people made of them, how far they edited them and how long they took to decide.
/// Id: <see cref="IdFor"/>.
/// </summary>
public sealed class ModelScorecard
{
    public string Id { get; set; } = "";
    public string Model { get; set; } = "";
    /// <summary>Empty when the proposals named no prompt version.</summary>
    public string PromptVersion { get; set; } = "";
    /// <summary>Empty when the interaction named no product.</summary>
    public string Product { get; set; } = "";
    public DateOnly Day { get; set; }

    public int Proposals { get; set; }
    public int Pending { get; set; }
    public int AcceptedUnchanged { get; set; }
    public int AcceptedEdited { get; set; }
    public int Rejected { get; set; }

    /// <summary>Mean similarity of AI content and final content over the decided proposals that have one.</summary>
    public double? MeanSimilarity { get; set; }
    /// <summary>Similarity counts in ten bins of 0.1 (the last includes 1.0).</summary>
    public int[] SimilarityBins { get; set; } = new int[10];
    public double? MedianTimeToDecisionSeconds { get; set; }
    /// <summary>
    /// The seconds to decide of each decided proposal that has them, ascending: a median over several cards (a week, all
    /// of a model's prompt versions) is the median of these taken together, not a mix of the cards' medians.
    /// </summary>
    public List<double> DecisionSeconds { get; set; } = [];

    /// <summary>What each proposal of this card contributes, by <c>ProposalReview</c> id; the totals above derive from it.</summary>
    public Dictionary<string, ScorecardEntry> Entries { get; set; } = [];

    public static string IdFor(string model, string? promptVersion, string? product, DateOnly day) =>
        $"{Escape(model)}|{Escape(promptVersion ?? "")}|{Escape(product ?? "")}|{day:yyyy-MM-dd}";

    private static string Escape(string part) =>
        part.AsSpan().IndexOfAny('%', '|') < 0 ? part : part.Replace("%", "%25", StringComparison.Ordinal).Replace("|", "%7C", StringComparison.Ordinal);
}

/// <param name="Outcome">The proposal's outcome as the review projection names it (<c>Pending</c>, <c>AcceptedUnchanged</c>, ...).</param>
public sealed record ScorecardEntry(string Outcome, double? Similarity, double? TimeToDecisionSeconds, string? EditCategory);
