using System.Text.Json;
using EventWorkbench.Erasure;
using EventWorkbench.Ingest;

namespace EventWorkbench.Streams;

// The event catalogue (see EventCatalogue and the README): one stream is one AI interaction, keyed by the caller's id.
// Wire names are snake_case (see EventCatalogue), fields camelCase. Every event checks its own data.

public enum ContentType { Text, Markdown, Json, Code }

public enum CurationVerdict { Include, Exclude }

public sealed record ChatMessage(string Role, string Content);

public sealed record InteractionStarted(
    string Channel, string Input, string? SubjectId = null, string? Product = null, JsonElement? Context = null) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Input = fields.Text(Input), Context = fields.Json(Context) };

    public void Validate(ValidationScope check)
    {
        check.OptionalId("subjectId", SubjectId);
        check.Required("channel", Channel);
        check.Optional("product", Product);
        check.Required("input", Input, ValidationScope.LongText);
        check.OptionalObject("context", Context);
    }
}

public sealed record SkillExecuted(
    string Skill, bool Succeeded, JsonElement? Input = null, JsonElement? Output = null, long? DurationMs = null) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Input = fields.Json(Input), Output = fields.Json(Output) };

    public void Validate(ValidationScope check)
    {
        check.Required("skill", Skill);
        check.OptionalObject("input", Input);
        check.OptionalObject("output", Output);
        if (DurationMs is { } ms) check.Range("durationMs", ms, 0, (long)TimeSpan.FromDays(1).TotalMilliseconds);
    }
}

public sealed record ProposalGenerated(
    string ProposalId,
    string Model,
    IReadOnlyList<ChatMessage> Messages,
    string Content,
    ContentType ContentType,
    string? ModelVersion = null,
    string? PromptVersion = null,
    string? Reasoning = null,
    JsonElement? Parameters = null,
    JsonElement? Usage = null) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with
    {
        Messages = [.. Messages.Select(message => message with { Content = fields.Text(message.Content) })],
        Content = fields.Text(Content),
        Reasoning = fields.Text(Reasoning),
    };

    public static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    public void Validate(ValidationScope check)
    {
        check.Id("proposalId", ProposalId);
        check.Required("model", Model);
        check.Optional("modelVersion", ModelVersion);
        check.Optional("promptVersion", PromptVersion);
        if (Messages.Count == 0) check.Fail("messages", "must hold at least one message");
        if (Messages.Count > 500) check.Fail("messages", "must hold at most 500 messages");
        for (var i = 0; i < Messages.Count; i++)
        {
            if (!Roles.Contains(Messages[i].Role))
                check.Fail($"messages[{i}].role", $"must be one of {string.Join(", ", Roles)}");
            check.Required($"messages[{i}].content", Messages[i].Content, ValidationScope.LongText);
        }
        check.Required("content", Content, ValidationScope.LongText);
        check.Defined("contentType", ContentType);
        if (ContentType == ContentType.Json && !IsJson(Content))
            check.Fail("content", "must be valid JSON when contentType is json");
        check.Optional("reasoning", Reasoning, ValidationScope.LongText);
        check.OptionalObject("parameters", Parameters);
        check.OptionalObject("usage", Usage);
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}

public sealed record ProposalEdited(string ProposalId, string Editor, string Content, string? Comment = null) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Content = fields.Text(Content), Comment = fields.Text(Comment) };

    public void Validate(ValidationScope check)
    {
        check.Id("proposalId", ProposalId);
        check.Required("editor", Editor);
        // An edit may legitimately empty a proposal, but it must say so with a string.
        if (Content.Length > ValidationScope.LongText) check.Fail("content", "is too long");
        check.Optional("comment", Comment, 10_000);
    }
}

public sealed record ProposalAccepted(string ProposalId, string By) : IValidatedEvent
{
    public void Validate(ValidationScope check)
    {
        check.Id("proposalId", ProposalId);
        check.Required("by", By);
    }
}

public sealed record ProposalRejected(string ProposalId, string By, string? Reason = null) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Reason = fields.Text(Reason) };

    public void Validate(ValidationScope check)
    {
        check.Id("proposalId", ProposalId);
        check.Required("by", By);
        check.Optional("reason", Reason, 10_000);
    }
}

public sealed record FeedbackGiven(
    string By, int Rating, string? ProposalId = null, string? Comment = null, IReadOnlyList<string>? Tags = null) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Comment = fields.Text(Comment) };

    public void Validate(ValidationScope check)
    {
        check.OptionalId("proposalId", ProposalId);
        check.Required("by", By);
        check.Range("rating", Rating, -1, 1);
        check.Optional("comment", Comment, 10_000);
        check.Tags("tags", Tags);
    }
}

public sealed record PathChosen(
    string Decision, IReadOnlyList<string> Options, string Chosen, string By, string? Rationale = null) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Rationale = fields.Text(Rationale) };

    public void Validate(ValidationScope check)
    {
        check.Required("decision", Decision, 1_000);
        if (Options.Count < 2) check.Fail("options", "must offer at least two options");
        for (var i = 0; i < Options.Count; i++) check.Required($"options[{i}]", Options[i], 1_000);
        check.Required("chosen", Chosen, 1_000);
        if (Options.Count > 0 && !Options.Contains(Chosen)) check.Fail("chosen", "must be one of the options");
        check.Required("by", By);
        check.Optional("rationale", Rationale, 10_000);
    }
}

/// <summary>The compensating event: history is never rewritten, a correction is appended instead.
/// <see cref="Correction"/> holds the corrected fields of the event at <see cref="CorrectsVersion"/>.</summary>
public sealed record EventCorrected(long CorrectsVersion, string By, string Reason, JsonElement Correction) : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Reason = fields.Text(Reason), Correction = fields.Json(Correction) };

    public void Validate(ValidationScope check)
    {
        check.Range("correctsVersion", CorrectsVersion, 1, long.MaxValue);
        check.Required("by", By);
        check.Required("reason", Reason, 10_000);
        check.RequiredObject("correction", Correction);
        if (Correction.ValueKind == JsonValueKind.Object) CorrectionFields.Validate(Correction, check.Within("correction"));
    }
}

public sealed record ExampleCurated(
    string ProposalId, string By, CurationVerdict Verdict, int? Quality = null, IReadOnlyList<string>? Tags = null, string? Note = null)
    : IValidatedEvent, IHoldsPersonalData
{
    public object MapPersonalData(IPersonalFields fields) => this with { Note = fields.Text(Note) };

    public void Validate(ValidationScope check)
    {
        check.Id("proposalId", ProposalId);
        check.Required("by", By);
        check.Defined("verdict", Verdict);
        if (Quality is { } quality) check.Range("quality", quality, 1, 5);
        check.Tags("tags", Tags);
        check.Optional("note", Note, 10_000);
    }
}
