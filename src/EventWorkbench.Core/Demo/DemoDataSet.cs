using EventWorkbench.Ingest;

namespace EventWorkbench.Demo;

/// <summary>One append of the demo data: who appended it and what.</summary>
public sealed record DemoStep(string Actor, AppendRequest Request);

public sealed record DemoStream(string StreamId, IReadOnlyList<DemoStep> Steps);

/// <summary>
/// The deterministic demo data set: three AI products (support replies, code review suggestions, contract clause
/// drafting), three models, prompt versions v1 to v3, and every appendable event type. Each stream is one
/// interaction, appended in the steps its actors would send: the product's API key appends the start, the skill
/// calls and the proposal; people edit, accept or reject later, each with the expected version they saw.
/// Built from a seeded <see cref="Random"/> only, so every build is identical.
/// </summary>
public static class DemoDataSet
{
    public const int Seed = 20_250_303;
    public const int StreamsPerProduct = 50;

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
        return streams;
    }
}
