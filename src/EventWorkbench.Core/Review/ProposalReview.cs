using System.Text.Json;
using EventWorkbench.Streams;

namespace EventWorkbench.Review;

/// <summary>
/// Everything an ML engineer or an auditor needs about one AI proposal: its context, every human edit,
/// the outcome and the curation. Id is <c>{streamId}/{proposalId}</c> (see <see cref="IdFor"/>) because proposal ids
/// are unique per stream only.
/// </summary>
public sealed class ProposalReview
{
    public string Id { get; set; } = "";
    public string StreamId { get; set; } = "";
    public string ProposalId { get; set; } = "";

    public string? Product { get; set; }
    /// <summary>Where the interaction started (<c>interaction_started</c>'s channel: chat, email, ide, ...).</summary>
    public string? Channel { get; set; }
    public string Model { get; set; } = "";
    public string? ModelVersion { get; set; }
    public string? PromptVersion { get; set; }
    public List<ChatMessage> Messages { get; set; } = [];
    public ContentType ContentType { get; set; }
    public string AiContent { get; set; } = "";
    /// <summary>The AI content as first generated, when an <c>event_corrected</c> has since replaced it.</summary>
    public string? OriginalAiContent { get; set; }
    public string? Reasoning { get; set; }
    public JsonElement? Parameters { get; set; }
    public JsonElement? Usage { get; set; }

    /// <summary>Every human revision in order, including those a correction has since changed.</summary>
    public List<ProposalEdit> Edits { get; set; } = [];
    public List<string> Editors { get; set; } = [];
    /// <summary>The last edit before the outcome, or the AI content when accepted unchanged; null while nothing was made of it.</summary>
    public string? FinalContent { get; set; }

    public ProposalOutcome Outcome { get; set; } = ProposalOutcome.Pending;
    public string? RejectReason { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public double? TimeToDecisionSeconds { get; set; }

    /// <summary>The latest curation label; null when nobody has curated the proposal yet.</summary>
    public CurationLabel? Curation { get; set; }
    public List<CurationLabel> CurationHistory { get; set; } = [];
    public FeedbackNote? LatestFeedback { get; set; }

    // Delta metrics: filled by the delta engine (Review/Delta); null until it runs.
    public double? Similarity { get; set; }
    public int? EditDistance { get; set; }
    public int? WordsInserted { get; set; }
    public int? WordsDeleted { get; set; }
    public string? EditCategory { get; set; }

    /// <summary>The corrections that changed this review, for the audit trail.</summary>
    public List<AppliedCorrection> Corrections { get; set; } = [];

    // Stream versions of the events this review was built from, so corrections can find what they correct.
    public long StartedVersion { get; set; }
    public long GeneratedVersion { get; set; }
    public long? DecidedVersion { get; set; }
    public long LastVersion { get; set; }
    public DateTimeOffset LastEventAt { get; set; }

    /// <summary>
    /// The document id. '%' and '/' inside either part are escaped, so no two (stream, proposal) pairs share an id
    /// (stream "a/b" with proposal "c" and stream "a" with proposal "b/c" would otherwise both be "a/b/c"); ordinary
    /// ids read as they are.
    /// </summary>
    public static string IdFor(string streamId, string proposalId) => $"{Escape(streamId)}/{Escape(proposalId)}";

    private static string Escape(string part) =>
        part.AsSpan().IndexOfAny('%', '/') < 0 ? part : part.Replace("%", "%25", StringComparison.Ordinal).Replace("/", "%2F", StringComparison.Ordinal);
}

public sealed class ProposalEdit
{
    public long Version { get; set; }
    public string Editor { get; set; } = "";
    public string Content { get; set; } = "";
    public string? Comment { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The edit as first appended, when an <c>event_corrected</c> has since replaced its content.</summary>
    public string? OriginalContent { get; set; }
}

public sealed class CurationLabel
{
    public long Version { get; set; }
    public CurationVerdict Verdict { get; set; }
    public int? Quality { get; set; }
    public List<string> Tags { get; set; } = [];
    public string? Note { get; set; }
    public string By { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

/// <param name="Version">The stream version of the <c>feedback_given</c>, so a correction can find it.</param>
public sealed record FeedbackNote(long Version, int Rating, string By, string? Comment, IReadOnlyList<string> Tags, DateTimeOffset At);

public sealed record AppliedCorrection(long Version, long CorrectsVersion, string By, string Reason, DateTimeOffset At);
