using System.Text.Json;
using EventWorkbench.Streams;
using static EventWorkbench.Demo.DemoStreamBuilder;

namespace EventWorkbench.Demo;

/// <summary>What people do with one proposal.</summary>
internal enum DemoPlan { AcceptUnchanged, SmallEdit, Rewrite, SeveralEdits, Reject, Pending }

/// <summary>
/// Scripts one interaction stream: the AI product appends the start, its skill calls and its proposal; people
/// later edit, accept or reject it in their own appends; curators label it; a few mistakes are corrected.
/// </summary>
internal sealed class DemoInteraction(DemoProduct product, int number, Random random)
{
    public static readonly IReadOnlyList<DemoModelInfo> Models =
    [
        new("gpt-4o", "2024-08-06", 0.3, 800),
        new("claude-3-5-sonnet", "20241022", 0.2, 1_200),
        new("llama-3.1-70b-instruct", "2024-07-23", 0.5, 1_000),
    ];

    public static readonly IReadOnlyList<string> Curators = ["priya.natarajan", "sam.whitfield"];
    public const string Operations = "nina.berg";

    private static readonly string[] EditComments = ["Tone", "Clarified the next step", "Wording", "Matches our template now"];
    private static readonly string[] RewriteComments = ["Rewrote: the draft took the wrong approach", "Rewrote to follow the policy", "Started over; too much to fix"];

    private readonly DemoStreamBuilder _stream = new($"{product.StreamPrefix}-{number:D4}");
    private readonly Dictionary<string, JsonElement> _apiHeaders = new()
    {
        ["client"] = Json($"{product.StreamPrefix}-integration/2.{number % 4}"),
    };

    private string _promptVersion = "v1";

    private string StreamId => _stream.StreamId;

    public DemoStream Build()
    {
        var interaction = product.NextCase(random, number);
        var model = random.Pick(Models);
        // Later interactions mostly use later prompt versions, as a product would roll them out.
        _promptVersion = random.Chance(0.2) ? random.Pick(new[] { "v1", "v2", "v3" }) : $"v{1 + (number - 1) * 3 / DemoDataSet.StreamsPerProduct}";
        var mislabelled = number % 16 == 7;

        _stream.Step(product.ApiKey, headers: _apiHeaders);
        var startedVersion = _stream.Add(new InteractionStarted(
            interaction.Channel, interaction.Input, interaction.SubjectId, mislabelled ? product.Mislabel : product.Name, Json(interaction.Context)));
        if (!product.AgentChooses)
        {
            var person = random.Pick(product.People);
            _stream.Step(person);
            _stream.Add(ChoiceBy(person, product.Choose(random, interaction)));
            _stream.Step(product.ApiKey, headers: _apiHeaders);
        }
        foreach (var skill in interaction.First.Skills) _stream.Add(Skill(skill));
        if (product.AgentChooses) _stream.Add(ChoiceBy($"{product.StreamPrefix}-triage-agent", product.Choose(random, interaction)));

        var system = new ChatMessage("system", product.SystemPrompt(_promptVersion));
        var firstMessages = new[] { system, new ChatMessage("user", interaction.First.Prompt) };
        var firstId = $"{StreamId}-p1";
        Propose(firstId, interaction.First, interaction.First.Content, firstMessages, model);
        var firstPlan = PickPlan();
        var firstFinal = Decide(firstId, interaction.First, interaction.First.Content, firstPlan);

        if (firstPlan == DemoPlan.Reject && random.Chance(0.5))
        {
            // The product regenerates with the reviewer's reason in the prompt.
            _stream.Step(product.ApiKey, causationId: firstId, headers: _apiHeaders);
            var retry = new ChatMessage("user", $"A reviewer rejected this draft: {interaction.First.RejectionReason} Please revise.");
            Propose($"{StreamId}-p2", interaction.First, interaction.First.Rewrite,
                [.. firstMessages, new ChatMessage("assistant", interaction.First.Content), retry], model);
            Decide($"{StreamId}-p2", interaction.First, interaction.First.Rewrite, random.Chance(0.7) ? DemoPlan.AcceptUnchanged : DemoPlan.Pending);
        }
        else if (firstPlan is not (DemoPlan.Reject or DemoPlan.Pending) && random.Chance(0.3))
        {
            // A second turn in the same interaction: the customer replies, the author pushes, the counterparty pushes back.
            _stream.Step(product.ApiKey, causationId: firstId, headers: _apiHeaders);
            foreach (var skill in interaction.FollowUp.Skills) _stream.Add(Skill(skill));
            Propose($"{StreamId}-p2", interaction.FollowUp, interaction.FollowUp.Content,
                [.. firstMessages, new ChatMessage("assistant", firstFinal), new ChatMessage("user", interaction.FollowUp.Prompt)], model);
            Decide($"{StreamId}-p2", interaction.FollowUp, interaction.FollowUp.Content, PickPlan());
        }

        if (mislabelled)
        {
            _stream.Step(Operations);
            _stream.Add(new EventCorrected(startedVersion, Operations,
                $"The {product.StreamPrefix} integration sent product '{product.Mislabel}' until its configuration was fixed on {DemoRandom.Day(11)}.",
                Json(new { product = product.Name })));
        }
        return _stream.Build();
    }

    private DemoPlan PickPlan() => random.Between(1, 100) switch
    {
        <= 26 => DemoPlan.AcceptUnchanged,
        <= 44 => DemoPlan.SmallEdit,
        <= 54 => DemoPlan.Rewrite,
        <= 64 => DemoPlan.SeveralEdits,
        <= 82 => DemoPlan.Reject,
        _ => DemoPlan.Pending,
    };

    private void Propose(string proposalId, DemoTurn turn, string content, ChatMessage[] messages, DemoModelInfo model)
    {
        var promptTokens = messages.Sum(m => m.Content.Length) / 4 + 8 * messages.Length;
        var reasoning = model.Model.StartsWith("llama", StringComparison.Ordinal) ? null : turn.Reasoning;
        _stream.Add(new ProposalGenerated(proposalId, model.Model, messages, content, turn.ContentType,
            model.Version, _promptVersion, reasoning,
            Json(new { temperature = model.Temperature, maxTokens = model.MaxTokens }),
            Json(new { promptTokens, completionTokens = (content.Length + (reasoning?.Length ?? 0)) / 4 })));
    }

    /// <returns>The content that stands after the people are done: the AI's, or the last edit.</returns>
    private string Decide(string proposalId, DemoTurn turn, string proposed, DemoPlan plan)
    {
        var current = proposed;
        var person = random.Pick(product.People);
        var other = random.Pick(product.People.Where(p => p != person).ToArray());
        var decider = person;
        switch (plan)
        {
            case DemoPlan.Pending:
                return current;
            case DemoPlan.AcceptUnchanged:
                _stream.Step(person, causationId: proposalId);
                _stream.Add(new ProposalAccepted(proposalId, person));
                break;
            case DemoPlan.SmallEdit when number % 13 == 4:
                // The editor pasted the text twice; they correct the edit rather than rewrite history.
                current = turn.Tweak.ApplyTo(current);
                _stream.Step(person, causationId: proposalId);
                var wrong = _stream.Add(new ProposalEdited(proposalId, person, $"{current}\n\n{current}", "Tone"));
                _stream.Step(person, causationId: proposalId);
                _stream.Add(new EventCorrected(wrong, person, "The edit pasted the text twice; this is the text I meant to save.", Json(new { content = current })));
                _stream.Add(new ProposalAccepted(proposalId, person));
                break;
            case DemoPlan.SmallEdit:
                current = turn.Tweak.ApplyTo(current);
                _stream.Step(person, causationId: proposalId);
                _stream.Add(new ProposalEdited(proposalId, person, current, random.Chance(0.6) ? random.Pick(EditComments) : null));
                _stream.Add(new ProposalAccepted(proposalId, person));
                break;
            case DemoPlan.Rewrite:
                current = turn.Rewrite;
                _stream.Step(person, causationId: proposalId);
                _stream.Add(new ProposalEdited(proposalId, person, current, random.Pick(RewriteComments)));
                _stream.Step(other, causationId: proposalId);
                _stream.Add(new ProposalAccepted(proposalId, other));
                decider = other;
                break;
            case DemoPlan.SeveralEdits:
                current = turn.Tweak.ApplyTo(current);
                _stream.Step(person, causationId: proposalId);
                _stream.Add(new ProposalEdited(proposalId, person, current, random.Pick(EditComments)));
                var rewrite = random.Chance(0.3);
                current = rewrite ? turn.Rewrite : turn.SecondTweak.ApplyTo(current);
                _stream.Step(other, causationId: proposalId);
                _stream.Add(new ProposalEdited(proposalId, other, current, random.Pick(rewrite ? RewriteComments : EditComments)));
                _stream.Add(new ProposalAccepted(proposalId, other));
                decider = other;
                break;
            case DemoPlan.Reject:
                _stream.Step(person, causationId: proposalId);
                _stream.Add(new ProposalRejected(proposalId, person, turn.RejectionReason));
                break;
        }
        Feedback(proposalId, plan, decider);
        Curate(proposalId, plan);
        return current;
    }

    private void Feedback(string proposalId, DemoPlan plan, string person)
    {
        if (plan == DemoPlan.Pending || !random.Chance(0.35)) return;
        var rating = plan switch { DemoPlan.AcceptUnchanged => 1, DemoPlan.Reject => -1, DemoPlan.Rewrite => -1, _ => random.Between(0, 1) };
        var tags = new[] { random.Pick(product.FeedbackTags) }.Distinct().ToArray();
        var misclick = rating == 1 && number % 10 == 3;
        var version = _stream.Add(new FeedbackGiven(person, misclick ? -1 : rating, random.Chance(0.8) ? proposalId : null,
            random.Chance(0.4) ? "Saved me a few minutes." : null, tags));
        if (!misclick) return;
        _stream.Step(person, causationId: proposalId);
        _stream.Add(new EventCorrected(version, person, "Clicked thumbs down by mistake.", Json(new { rating = 1 })));
    }

    private void Curate(string proposalId, DemoPlan plan)
    {
        if (plan == DemoPlan.Pending || !random.Chance(0.3)) return;
        var curator = random.Pick(Curators);
        _stream.Step(curator, causationId: proposalId);
        var include = plan != DemoPlan.Reject || random.Chance(0.3);
        _stream.Add(new ExampleCurated(proposalId, curator, include ? CurationVerdict.Include : CurationVerdict.Exclude,
            include ? random.Between(3, 5) : random.Between(1, 2),
            plan switch
            {
                DemoPlan.Reject => ["preference-pair", "negative"],
                DemoPlan.AcceptUnchanged => ["sft"],
                _ => ["sft", "edited"],
            },
            include ? null : "Rejection reason is specific enough for a KTO negative, but the prompt leaks customer data."));
    }

    private static SkillExecuted Skill(DemoSkillCall call) =>
        new(call.Skill, call.Succeeded, Json(call.Input), Json(call.Output), call.DurationMs);

    private static PathChosen ChoiceBy(string by, DemoChoice choice) =>
        new(choice.Decision, choice.Options, choice.Chosen, by, choice.Rationale);
}
