using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Testing;

namespace EventWorkbench.Tests.Analytics;

/// <summary>The generated streams the database tests append (decisions twice, corrections of every kind), in memory.</summary>
internal static class GeneratedWorld
{
    public static void Fill(AnalyticsWorld world, int seed, int streams, int eventsPerStream)
    {
        var generated = Enumerable.Range(0, streams).Select(i => GeneratedStream.Events(seed + i, eventsPerStream)).ToList();
        // Interleave the streams, a few events of each at a time, as appends from several clients would come.
        var positions = new int[streams];
        var random = new Random(seed);
        while (positions.Select((p, i) => p < generated[i].Count).Any(left => left))
        {
            var i = random.Next(streams);
            for (var n = 0; n < 3 && positions[i] < generated[i].Count; n++, positions[i]++)
            {
                var envelope = generated[i][positions[i]];
                var errors = new ValidationErrors();
                var data = EventCatalogue.Read(envelope.Type, envelope.Data, errors, "data").ShouldNotBeNull();
                world.AddObject($"gen-{seed}-{i}", data);
            }
        }
    }
}
