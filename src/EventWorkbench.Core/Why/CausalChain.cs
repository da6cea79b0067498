using System.Globalization;
using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Review.Delta;
using EventWorkbench.Streams;
using JasperFx.Events;

namespace EventWorkbench.Why;

/// <summary>
/// Why a proposal's result is what it is: the input, the skills, every proposal of the same request (a rejected one and
/// the one regenerated after it), each edit with its delta, the decision, feedback, path choices, corrections and
/// curation, in stream order; the people who verified or changed it; and the events of other streams linked to it by
/// correlation or causation id. Built by <see cref="Build"/>, a pure function of the stream's events.
/// </summary>
/// <param name="ProposalIds">The proposal asked for and those of the same request: each proposal generated because of
/// another (its causation id names the other, or one of the other's events) joins it, both ways.</param>
public sealed record CausalChain(
    string StreamId,
    string ProposalId,
    IReadOnlyList<string> ProposalIds,
    IReadOnlyList<ChainStep> Steps,
    IReadOnlyList<ChainPerson> People,
    IReadOnlyList<LinkedEvent> Linked)
{
    /// <summary>The chain of <paramref name="proposalId"/> in a stream's events (in version order); null when the stream never generated it.</summary>
    public static CausalChain? Build(string streamId, string proposalId, IReadOnlyList<IEvent> events, IReadOnlyList<LinkedEvent>? linked = null)
    {
        if (!events.Any(e => e.Data is ProposalGenerated generated && generated.ProposalId == proposalId)) return null;
        var family = SameRequest(proposalId, events);
        var contentTypes = events.Select(e => e.Data).OfType<ProposalGenerated>()
            .GroupBy(g => g.ProposalId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().ContentType, StringComparer.Ordinal);
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        var included = new Dictionary<long, IEvent>();
        var corrections = events.Where(e => e.Data is EventCorrected).ToLookup(e => ((EventCorrected)e.Data).CorrectsVersion, e => e.Version);

        var steps = new List<ChainStep>();
        foreach (var e in events)
        {
            var step = StepOf(e, family, contentTypes, contents, included, corrections);
            if (step is null) continue;
            included[e.Version] = e;
            steps.Add(step);
        }

        var people = steps.Where(s => s.Person is not null)
            .GroupBy(s => s.Person!, StringComparer.Ordinal)
            .Select(g => new ChainPerson(g.Key, g.Select(s => new ChainAction(s.Title, s.Event.Timestamp, s.Event.Version)).ToList()))
            .ToList();
        return new CausalChain(streamId, proposalId, family, steps, people, linked ?? []);
    }

    /// <summary>
    /// What ties the chain to other streams: its events' correlation ids, their causation ids (an event of another
    /// stream whose id is one of them caused this chain), and its event ids (an event of another stream naming one as
    /// its causation id was caused by it). Proposal ids are unique within a stream only, so they link nothing outside it.
    /// </summary>
    public ChainLinks Links() => new(
        Steps.Select(s => s.Event.CorrelationId).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
        Steps.Select(s => s.Event.CausationId).OfType<string>().Distinct(StringComparer.Ordinal).ToList(),
        Steps.Select(s => s.Event.Id.ToString()).ToList());

    /// <summary>Why an event of another stream belongs to this chain, in words; null when it does not.</summary>
    public string? LinkOf(StoredEvent other)
    {
        var links = Links();
        if (other.CorrelationId is { } correlation && links.CorrelationIds.Contains(correlation, StringComparer.Ordinal))
            return $"same correlation id '{correlation}'";
        if (other.CausationId is { } cause && Steps.FirstOrDefault(s => s.Event.Id.ToString() == cause) is { } step)
            return $"caused by v{step.Event.Version} ({step.Event.Type}) of this stream";
        if (links.CausationIds.Contains(other.Id.ToString(), StringComparer.Ordinal))
            return "the cause of events in this chain";
        return null;
    }

    private static List<string> SameRequest(string proposalId, IReadOnlyList<IEvent> events)
    {
        var proposalOfEvent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (ProposalRouting.ProposalIdOf(e.Data) is { } id) proposalOfEvent[e.Id.ToString()] = id;
        }
        var causes = new List<(string Proposal, string Cause)>();
        foreach (var e in events)
        {
            if (e.Data is not ProposalGenerated generated || e.CausationId is not { } causation) continue;
            var cause = proposalOfEvent.GetValueOrDefault(causation, causation);
            if (cause != generated.ProposalId) causes.Add((generated.ProposalId, cause));
        }

        var family = new List<string> { proposalId };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (proposal, cause) in causes)
            {
                var hasProposal = family.Contains(proposal, StringComparer.Ordinal);
                var hasCause = family.Contains(cause, StringComparer.Ordinal);
                if (hasProposal == hasCause) continue;
                var joining = hasProposal ? cause : proposal;
                if (!events.Any(e => ProposalRouting.ProposalIdOf(e.Data) == joining)) continue;
                family.Add(joining);
                grew = true;
            }
        }
        return family;
    }

    private static ChainStep? StepOf(
        IEvent e, IReadOnlyList<string> family, Dictionary<string, ContentType> contentTypes, Dictionary<string, string> contents,
        Dictionary<long, IEvent> included, ILookup<long, long> corrections)
    {
        var stored = StreamQueries.ToStored(e);
        var correctedBy = corrections[e.Version].ToList();
        ChainStep Step(ChainStepKind kind, string title, string? proposalId, string? person, IReadOnlyList<ChainFact> facts,
            IReadOnlyList<ChainText> texts, ChainChange? change = null, long? corrects = null) =>
            new(kind, stored, title, proposalId, person, facts, texts, change, corrects, correctedBy);
        bool InFamily(string? proposalId) => proposalId is not null && family.Contains(proposalId, StringComparer.Ordinal);

        switch (e.Data)
        {
            case InteractionStarted started:
                return Step(ChainStepKind.Input, $"Interaction started on {started.Channel}", null, null,
                    Facts(("product", started.Product), ("channel", started.Channel), ("subject", started.SubjectId)),
                    Texts(("input", started.Input), ("context", Compact(started.Context))));
            case SkillExecuted skill:
                return Step(ChainStepKind.Skill, $"Skill {skill.Skill} {(skill.Succeeded ? "succeeded" : "failed")}", null, null,
                    Facts(("duration", skill.DurationMs is { } ms ? $"{ms.ToString(CultureInfo.InvariantCulture)} ms" : null)),
                    Texts(("input", Compact(skill.Input)), ("output", Compact(skill.Output))));
            case PathChosen path:
                return Step(ChainStepKind.Path, $"Chose '{path.Chosen}' for '{path.Decision}'", null, path.By,
                    Facts(("decision", path.Decision), ("options", string.Join(" · ", path.Options)), ("chosen", path.Chosen)),
                    Texts(("rationale", path.Rationale)));
            case ProposalGenerated generated when InFamily(generated.ProposalId):
                contents[generated.ProposalId] = generated.Content;
                return Step(ChainStepKind.Proposal, $"Proposal {generated.ProposalId} generated by {generated.Model}", generated.ProposalId, null,
                    Facts(("model", generated.Model), ("model version", generated.ModelVersion), ("prompt version", generated.PromptVersion),
                        ("content type", JsonNamingPolicy.SnakeCaseLower.ConvertName(generated.ContentType.ToString())),
                        ("caused by", e.CausationId)),
                    Texts(("content", generated.Content), ("reasoning", generated.Reasoning),
                        ("prompt", string.Join("\n\n", generated.Messages.Select(m => $"[{m.Role}] {m.Content}")))));
            case ProposalEdited edited when InFamily(edited.ProposalId):
                var before = contents.GetValueOrDefault(edited.ProposalId, "");
                contents[edited.ProposalId] = edited.Content;
                return Step(ChainStepKind.Edit, $"Edited {edited.ProposalId}", edited.ProposalId, edited.Editor,
                    Facts(), Texts(("comment", edited.Comment)), Change(before, edited.Content, contentTypes, edited.ProposalId));
            case ProposalAccepted accepted when InFamily(accepted.ProposalId):
                return Step(ChainStepKind.Decision, $"Accepted {accepted.ProposalId}", accepted.ProposalId, accepted.By, Facts(), Texts());
            case ProposalRejected rejected when InFamily(rejected.ProposalId):
                return Step(ChainStepKind.Decision, $"Rejected {rejected.ProposalId}", rejected.ProposalId, rejected.By,
                    Facts(), Texts(("reason", rejected.Reason)));
            case FeedbackGiven feedback when feedback.ProposalId is null || InFamily(feedback.ProposalId):
                return Step(ChainStepKind.Feedback, $"Rated {feedback.ProposalId ?? "the interaction"} {RatingWords(feedback.Rating)}",
                    feedback.ProposalId, feedback.By,
                    Facts(("rating", RatingWords(feedback.Rating)), ("tags", Join(feedback.Tags))), Texts(("comment", feedback.Comment)));
            case ExampleCurated curated when InFamily(curated.ProposalId):
                var verdict = curated.Verdict.ToString().ToLowerInvariant();
                return Step(ChainStepKind.Curation, $"Curated {curated.ProposalId}: {verdict}", curated.ProposalId, curated.By,
                    Facts(("verdict", verdict), ("quality", curated.Quality?.ToString(CultureInfo.InvariantCulture)), ("tags", Join(curated.Tags))),
                    Texts(("note", curated.Note)));
            case EventCorrected corrected when included.TryGetValue(corrected.CorrectsVersion, out var target):
                var proposalId = ProposalRouting.ProposalIdOf(target.Data);
                return Step(ChainStepKind.Correction, $"Corrected v{corrected.CorrectsVersion} ({target.EventTypeName})", proposalId, corrected.By,
                    Facts(("corrects", $"v{corrected.CorrectsVersion} {target.EventTypeName}"), ("applies from", $"v{e.Version}")),
                    Texts(("reason", corrected.Reason), ("corrected fields", Compact(corrected.Correction))),
                    CorrectedContent(target, corrected, contentTypes), corrected.CorrectsVersion);
            default:
                return null;
        }
    }

    private static ChainChange Change(string before, string after, Dictionary<string, ContentType> contentTypes, string proposalId)
    {
        var type = contentTypes.GetValueOrDefault(proposalId, ContentType.Text);
        return new ChainChange(before, after, type, DeltaEngine.Compare(before, after, type == ContentType.Json));
    }

    /// <summary>A correction of a proposal's or an edit's content, as a change from the content as appended.</summary>
    private static ChainChange? CorrectedContent(IEvent target, EventCorrected corrected, Dictionary<string, ContentType> contentTypes)
    {
        if (corrected.Correction.ValueKind != JsonValueKind.Object
            || !corrected.Correction.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String) return null;
        return target.Data switch
        {
            ProposalEdited edited => Change(edited.Content, content.GetString()!, contentTypes, edited.ProposalId),
            ProposalGenerated generated => Change(generated.Content, content.GetString()!, contentTypes, generated.ProposalId),
            _ => null,
        };
    }

    private static string RatingWords(int rating) => rating switch { > 0 => "positive (+1)", < 0 => "negative (-1)", _ => "neutral (0)" };

    private static string? Join(IReadOnlyList<string>? values) => values is { Count: > 0 } ? string.Join(", ", values) : null;

    private static string? Compact(JsonElement? value) =>
        value is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } json ? JsonSerializer.Serialize(json, EventCatalogue.Output) : null;

    private static List<ChainFact> Facts(params (string Label, string? Value)[] facts) =>
        facts.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => new ChainFact(f.Label, f.Value!)).ToList();

    private static List<ChainText> Texts(params (string Label, string? Text)[] texts) =>
        texts.Where(t => !string.IsNullOrEmpty(t.Text)).Select(t => new ChainText(t.Label, t.Text!)).ToList();
}
