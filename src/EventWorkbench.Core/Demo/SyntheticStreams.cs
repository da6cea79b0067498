using System.Buffers.Binary;
using EventWorkbench.Streams;
using static EventWorkbench.Demo.DemoStreamBuilder;

namespace EventWorkbench.Demo;

/// <summary>One synthetic event with the metadata a real append would have given it.</summary>
public sealed record SyntheticEvent(Guid Id, object Data, string Actor, string? CausationId, DateTimeOffset Timestamp);

public sealed record SyntheticStream(string StreamId, IReadOnlyList<SyntheticEvent> Events);

/// <summary>
/// Large, deterministic synthetic interaction streams for benchmarks: the demo products' templates in the shapes
/// real interactions take (start, skill calls, a routing choice, one or two proposals, edits, a decision, feedback,
/// a curation label), about ten events each. Stream number <c>n</c> is the same stream on every run, ids and
/// timestamps included, so a store can be grown run after run without two runs writing the same stream.
/// </summary>
public static class SyntheticStreams
{
    public const string Prefix = "synthetic-";
    public const int Seed = 7_340_033;

    private static readonly DemoProduct[] Products = [new SupportReplies(), new CodeReviewSuggestions(), new ContractClauseDrafting()];
    private static readonly DateTimeOffset Epoch = new(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);

    public static string StreamId(long number) => $"{Prefix}{number:D8}";

    /// <summary>Streams <paramref name="firstNumber"/>, <paramref name="firstNumber"/> + 1, ... holding
    /// exactly <paramref name="events"/> events: the last stream is cut short when needed.</summary>
    public static IEnumerable<SyntheticStream> ForEvents(long firstNumber, long events)
    {
        for (var number = firstNumber; events > 0; number++)
        {
            var stream = Create(number);
            if (stream.Events.Count > events) stream = stream with { Events = stream.Events.Take((int)events).ToArray() };
            events -= stream.Events.Count;
            yield return stream;
        }
    }

    public static SyntheticStream Create(long number)
    {
        var random = new Random(unchecked(Seed ^ (int)number ^ (int)(number >> 32) * 7919));
        var product = Products[number % Products.Length];
        var interaction = product.NextCase(random, (int)(number % 10_000) + 1);
        var model = random.Pick(DemoInteraction.Models);
        var promptVersion = random.Pick(new[] { "v1", "v2", "v3" });
        var writer = new Writer(StreamId(number), number, Epoch.AddMinutes(number * 3), random);

        writer.Add(product.ApiKey, new InteractionStarted(interaction.Channel, interaction.Input, interaction.SubjectId, product.Name, Json(interaction.Context)));
        foreach (var skill in interaction.First.Skills)
            writer.Add(product.ApiKey, new SkillExecuted(skill.Skill, skill.Succeeded, Json(skill.Input), Json(skill.Output), skill.DurationMs));
        var chooser = product.AgentChooses ? $"{product.StreamPrefix}-triage-agent" : random.Pick(product.People);
        var choice = product.Choose(random, interaction);
        writer.Add(chooser, new PathChosen(choice.Decision, choice.Options, choice.Chosen, chooser, choice.Rationale));

        var system = new ChatMessage("system", product.SystemPrompt(promptVersion));
        ChatMessage[] messages = [system, new ChatMessage("user", interaction.First.Prompt)];
        var final = Turn(writer, product, $"{writer.StreamId}-p1", interaction.First, messages, model, promptVersion, allowPending: random.Chance(0.4));
        if (random.Chance(0.45))
        {
            foreach (var skill in interaction.FollowUp.Skills)
                writer.Add(product.ApiKey, new SkillExecuted(skill.Skill, skill.Succeeded, Json(skill.Input), Json(skill.Output), skill.DurationMs));
            ChatMessage[] next = [.. messages, new ChatMessage("assistant", final), new ChatMessage("user", interaction.FollowUp.Prompt)];
            Turn(writer, product, $"{writer.StreamId}-p2", interaction.FollowUp, next, model, promptVersion, allowPending: true);
        }
        return new SyntheticStream(writer.StreamId, writer.Events);
    }

    private static string Turn(
        Writer writer, DemoProduct product, string proposalId, DemoTurn turn, ChatMessage[] messages, DemoModelInfo model, string promptVersion, bool allowPending)
    {
        var random = writer.Random;
        writer.Add(product.ApiKey, new ProposalGenerated(proposalId, model.Model, messages, turn.Content, turn.ContentType, model.Version, promptVersion,
            turn.Reasoning, Json(new { temperature = model.Temperature, maxTokens = model.MaxTokens }),
            Json(new { promptTokens = messages.Sum(m => m.Content.Length) / 4, completionTokens = turn.Content.Length / 4 })));

        var person = random.Pick(product.People);
        var roll = random.Between(1, 100);
        if (roll > 85 && allowPending) return turn.Content;
        var content = turn.Content;
        if (roll <= 30)
        {
            writer.Add(person, new ProposalAccepted(proposalId, person), proposalId);
        }
        else if (roll <= 70)
        {
            content = roll <= 55 ? turn.Tweak.ApplyTo(content) : turn.Rewrite;
            writer.Add(person, new ProposalEdited(proposalId, person, content, roll <= 55 ? "Wording" : "Rewrote"), proposalId);
            if (roll % 3 == 0)
            {
                var other = random.Pick(product.People);
                content = roll <= 55 ? turn.SecondTweak.ApplyTo(content) : turn.Rewrite + "\n";
                writer.Add(other, new ProposalEdited(proposalId, other, content, "Second pass"), proposalId);
                person = other;
            }
            writer.Add(person, new ProposalAccepted(proposalId, person), proposalId);
        }
        else
        {
            writer.Add(person, new ProposalRejected(proposalId, person, turn.RejectionReason), proposalId);
        }

        if (random.Chance(0.5))
            writer.Add(person, new FeedbackGiven(person, roll <= 30 ? 1 : roll <= 70 ? 0 : -1, proposalId, null, [random.Pick(product.FeedbackTags)]), proposalId);
        if (random.Chance(0.25))
        {
            var curator = random.Pick(DemoInteraction.Curators);
            writer.Add(curator, new ExampleCurated(proposalId, curator, roll <= 70 ? CurationVerdict.Include : CurationVerdict.Exclude,
                roll <= 70 ? 4 : 2, ["sft"]), proposalId);
        }
        return content;
    }

    private sealed class Writer(string streamId, long number, DateTimeOffset start, Random random)
    {
        public string StreamId => streamId;
        public Random Random => random;
        public List<SyntheticEvent> Events { get; } = new(16);

        public void Add(string actor, object data, string? causationId = null)
        {
            var index = Events.Count;
            Events.Add(new SyntheticEvent(EventId(number, index), data, actor, causationId, start.AddSeconds(index * 40 + random.Between(0, 30))));
        }

        // An RFC 9562 version 8 UUID: "seed" marker, event index, stream number. Unique per (stream, index).
        private static Guid EventId(long number, int index)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x5EED5EED);
            BinaryPrimitives.WriteUInt16BigEndian(bytes[4..], (ushort)index);
            bytes[6] = 0x80;
            bytes[7] = 0;
            BinaryPrimitives.WriteInt64BigEndian(bytes[8..], number);
            bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
            return new Guid(bytes, bigEndian: true);
        }
    }
}
