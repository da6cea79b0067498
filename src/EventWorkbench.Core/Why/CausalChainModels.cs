using EventWorkbench.Review.Delta;
using EventWorkbench.Streams;

namespace EventWorkbench.Why;

/// <summary>What a step of a causal chain is, in the words an auditor reads it in.</summary>
public enum ChainStepKind { Input, Skill, Path, Proposal, Edit, Decision, Feedback, Correction, Curation }

/// <summary>A short fact of a step (model, prompt version, verdict, ...), shown as a label and its value.</summary>
public sealed record ChainFact(string Label, string Value);

/// <summary>A longer text of a step (the input, the AI's content, its reasoning, a reason), shown as text.</summary>
public sealed record ChainText(string Label, string Text);

/// <summary>What an edit (or a correction of a content) changed: the content before and after, and their delta.</summary>
public sealed record ChainChange(string Before, string After, ContentType ContentType, TextDelta Delta);

/// <summary>
/// One event of the chain. <see cref="Person"/> is the human who acted (the event's <c>by</c> or <c>editor</c>), null for
/// what a product or a model did. <see cref="CorrectedBy"/> lists the versions of the corrections of this event;
/// <see cref="Corrects"/> the version a correction corrects.
/// </summary>
public sealed record ChainStep(
    ChainStepKind Kind,
    StoredEvent Event,
    string Title,
    string? ProposalId,
    string? Person,
    IReadOnlyList<ChainFact> Facts,
    IReadOnlyList<ChainText> Texts,
    ChainChange? Change,
    long? Corrects,
    IReadOnlyList<long> CorrectedBy);

/// <summary>One thing a person did in the chain, and when.</summary>
public sealed record ChainAction(string What, DateTimeOffset At, long Version);

/// <summary>A person who verified or changed the result, with everything they did, in order.</summary>
public sealed record ChainPerson(string Name, IReadOnlyList<ChainAction> Actions);

/// <summary>An event of another stream that shares a correlation id with the chain, or is its cause or its effect.</summary>
public sealed record LinkedEvent(string StreamId, StoredEvent Event, string Link);

/// <summary>What to look for in other streams: the chain's correlation ids, its causes, and the ids its events can be caused by.</summary>
public sealed record ChainLinks(IReadOnlyList<string> CorrelationIds, IReadOnlyList<string> CausationIds, IReadOnlyList<string> CausedByIds)
{
    public bool IsEmpty => CorrelationIds.Count == 0 && CausationIds.Count == 0 && CausedByIds.Count == 0;
}
