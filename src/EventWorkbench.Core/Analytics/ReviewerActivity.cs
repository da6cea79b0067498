namespace EventWorkbench.Analytics;

/// <summary>
/// What one person did with AI proposals: decisions, edits, curations, how long they took to decide, and how often
/// they agreed with someone else who judged the same proposal. Id: the person's name as events carry it.
/// </summary>
public sealed class ReviewerActivity
{
    public string Id { get; set; } = "";
    public int Decisions { get; set; }
    public int Accepted { get; set; }
    public int Rejected { get; set; }
    public int Edits { get; set; }
    public int Curations { get; set; }
    public double? MedianTimeToDecisionSeconds { get; set; }

    /// <summary>Proposals this person judged that someone else judged too.</summary>
    public int JudgedWithOthers { get; set; }
    /// <summary>Of those, how many where every other judgement matched this person's.</summary>
    public int AgreedWithOthers { get; set; }
    public double? AgreementRate => JudgedWithOthers == 0 ? null : (double)AgreedWithOthers / JudgedWithOthers;

    /// <summary>Decisions, edits and curations per day (UTC), for throughput over time.</summary>
    public Dictionary<DateOnly, DailyReviewWork> ByDay { get; set; } = [];

    /// <summary>Seconds from generation to each of this person's decisions, in order: the median derives from it.</summary>
    public List<double> DecisionSeconds { get; set; } = [];

    /// <summary>
    /// This person's judgement of each proposal someone else judged too, by <c>ProposalReview</c> id: the agreement
    /// counts derive from it, and a later judgement (theirs or another's) replaces it.
    /// </summary>
    public Dictionary<string, JudgementWithOthers> JudgedAlongsideOthers { get; set; } = [];
}

/// <param name="Positive">Accepted or included (false: rejected or excluded).</param>
/// <param name="Agreed">Every other person's judgement has the same sign.</param>
public sealed record JudgementWithOthers(bool Positive, bool Agreed);

public sealed record DailyReviewWork(int Decisions, int Edits, int Curations);
