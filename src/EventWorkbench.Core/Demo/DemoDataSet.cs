using EventWorkbench.Ingest;

namespace EventWorkbench.Demo;

/// <summary>One append of the demo data: who appended it, what, and when (<see cref="At"/> after the demo period began).</summary>
public sealed record DemoStep(string Actor, AppendRequest Request, TimeSpan At = default);

public sealed record DemoStream(string StreamId, IReadOnlyList<DemoStep> Steps);

/// <summary>
/// The deterministic demo data set: three AI products (support replies, code review suggestions, contract clause
/// drafting), three models, prompt versions v1 to v3, and every appendable event type. Each stream is one
/// interaction, appended in the steps its actors would send: the product's API key appends the start, the skill
/// calls and the proposal; people edit, accept or reject later, each with the expected version they saw.
/// The interactions are spread evenly over <see cref="Period"/>, each step a few seconds to twenty minutes after the
/// one before, so time filters, charts and "time to decision" have something to show and time order matches the
/// append order. Built from seeded <see cref="Random"/>s only, so every build is identical.
/// </summary>
public static class DemoDataSet
{
    public const int Seed = 20_250_303;
    public const int StreamsPerProduct = 50;

    /// <summary>The demo interactions end when seeding runs and began this long before.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromDays(30);

    public static readonly IReadOnlyList<string> Products = ["support-replies", "code-review-suggestions", "contract-clause-drafting"];

    public static IReadOnlyList<DemoStream> Build()
    {
        var random = new Random(Seed);
        DemoProduct[] products = [new SupportReplies(), new CodeReviewSuggestions(), new ContractClauseDrafting()];
        var streams = new List<DemoStream>(products.Length * StreamsPerProduct);
        for (var number = 1; number <= StreamsPerProduct; number++)
        {
            foreach (var product in products) streams.Add(new DemoInteraction(product, number, random).Build());
        }
        var timing = new Random(Seed + 1); // its own sequence: the content stays what it was
        var spacing = Period / streams.Count;
        return streams.Select((stream, i) => Timed(stream, spacing * i, timing)).ToList();
    }

    private static DemoStream Timed(DemoStream stream, TimeSpan start, Random timing)
    {
        var at = start;
        var steps = new List<DemoStep>(stream.Steps.Count);
        foreach (var step in stream.Steps)
        {
            steps.Add(step with { At = at });
            at += TimeSpan.FromSeconds(timing.Next(5, 1200));
        }
        return stream with { Steps = steps };
    }
}
