using System.Globalization;

namespace EventWorkbench.Analytics;

/// <summary>
/// What one person did with AI proposals on one UTC day: decisions, edits and curations made that day, how long those
/// decisions took, and how often the person agreed with someone else who judged the same proposal, for the proposals
/// generated that day. One document per person and day, so none grows with the log.
/// </summary>
public sealed class ReviewerActivity
{
    public string Id { get; set; } = "";
    /// <summary>The person's name as events carry it (the <c>by</c> or <c>editor</c>).</summary>
    public string Person { get; set; } = "";
    public DateOnly Day { get; set; }
    public int Decisions { get; set; }
    public int Accepted { get; set; }
    public int Rejected { get; set; }
    public int Edits { get; set; }
    public int Curations { get; set; }
    public double? MedianTimeToDecisionSeconds { get; set; }

    /// <summary>Proposals generated this day that this person judged and someone else judged too.</summary>
    public int JudgedWithOthers { get; set; }
    /// <summary>Of those, how many where every other judgement matched this person's.</summary>
    public int AgreedWithOthers { get; set; }
    public double? AgreementRate => JudgedWithOthers == 0 ? null : (double)AgreedWithOthers / JudgedWithOthers;

    /// <summary>Seconds from generation to each of this day's decisions, in order: the median derives from it.</summary>
    public List<double> DecisionSeconds { get; set; } = [];

    /// <summary>
    /// This person's judgement of each proposal generated this day that someone else judged too, by <c>ProposalReview</c>
    /// id: the agreement counts derive from it, and a later judgement (theirs or another's) replaces it.
    /// </summary>
    public Dictionary<string, JudgementWithOthers> JudgedAlongsideOthers { get; set; } = [];

    /// <summary>The day first (<c>yyyy-MM-dd/person</c>): ids sort by day, and the person's name may hold any character.</summary>
    public static string IdFor(string person, DateOnly day) => $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{person}";
}

/// <param name="Positive">Accepted or included (false: rejected or excluded).</param>
/// <param name="Agreed">Every other person's judgement has the same sign.</param>
public sealed record JudgementWithOthers(bool Positive, bool Agreed);

public sealed record DailyReviewWork(int Decisions, int Edits, int Curations);
