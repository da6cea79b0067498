using System.Globalization;
using EventWorkbench.Streams;

namespace EventWorkbench.Demo;

/// <summary>One tool call the AI product made before proposing.</summary>
internal sealed record DemoSkillCall(string Skill, object Input, object Output, long DurationMs, bool Succeeded = true);

/// <summary>A small human edit: replace <see cref="From"/> by <see cref="To"/> in the current text.</summary>
internal sealed record DemoTweak(string From, string To)
{
    public string ApplyTo(string content) => content.Contains(From, StringComparison.Ordinal)
        ? content.Replace(From, To, StringComparison.Ordinal)
        : throw new InvalidOperationException($"Demo tweak '{From}' does not occur in the content it edits");
}

/// <summary>One AI turn: the user message the model saw, the skills it used, what it proposed, and what
/// people might do with it (small tweaks, a rewrite, a reason to reject it).</summary>
internal sealed record DemoTurn(
    string Prompt,
    IReadOnlyList<DemoSkillCall> Skills,
    ContentType ContentType,
    string Content,
    string Reasoning,
    DemoTweak Tweak,
    DemoTweak SecondTweak,
    string Rewrite,
    string RejectionReason);

/// <summary>One interaction of a product: how it started and its two possible turns.</summary>
internal sealed record DemoCase(string Channel, string? SubjectId, string Input, object Context, DemoTurn First, DemoTurn FollowUp);

/// <summary>A branch a person or an agent took.</summary>
internal sealed record DemoChoice(string Decision, IReadOnlyList<string> Options, string Chosen, string Rationale);

internal sealed record DemoModelInfo(string Model, string Version, double Temperature, int MaxTokens);

/// <summary>An AI product that appends to the workbench: its API key, its people and its templates.</summary>
internal abstract class DemoProduct
{
    public abstract string Name { get; }
    public abstract string StreamPrefix { get; }
    public abstract string ApiKey { get; }

    /// <summary>The product name a misconfigured integration sent; corrected later by an event_corrected.</summary>
    public abstract string Mislabel { get; }

    /// <summary>The people who edit, accept and reject this product's proposals.</summary>
    public abstract IReadOnlyList<string> People { get; }

    public abstract IReadOnlyList<string> FeedbackTags { get; }

    /// <summary>True: the product's agent appends the path choice with its proposal; false: a person chooses later.</summary>
    public abstract bool AgentChooses { get; }

    public abstract string SystemPrompt(string promptVersion);

    public abstract DemoCase NextCase(Random random, int number);

    public abstract DemoChoice Choose(Random random, DemoCase interaction);
}

internal static class DemoRandom
{
    // The demo data must be identical on every run: a seeded Random, never the clock or Guid.NewGuid.
#pragma warning disable CA5394 // not used for security
    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static int Between(this Random random, int min, int maxInclusive) => random.Next(min, maxInclusive + 1);

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;
#pragma warning restore CA5394

    private static readonly DateOnly FirstDay = new(2025, 3, 3);

    /// <summary>A calendar day of the demo period, e.g. "March 12".</summary>
    public static string Day(int offset) => FirstDay.AddDays(offset).ToString("MMMM d", CultureInfo.InvariantCulture);

    public static string IsoDay(int offset) => FirstDay.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
