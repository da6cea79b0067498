using System.Text.Json;
using EventWorkbench.History;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using EventWorkbench.Tests.Ingest;
using Marten;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.History;

/// <summary>The history's fast read gives exactly the events Marten's own stream read gives: data and every metadata field.</summary>
public sealed class StreamEventReaderTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    [Fact]
    public async Task It_reads_what_Marten_reads_for_every_event_and_every_field()
    {
        var stream = $"reader-{Guid.NewGuid():N}";
        var generated = GeneratedStream.Events(seed: 11, count: 60);
        var headers = new Dictionary<string, JsonElement> { ["trace"] = JsonSerializer.SerializeToElement(new { span = "a1", depth = 2 }) };
        await fixture.Appender.AppendAsync(stream, new AppendRequest([generated[0] with { Headers = headers }, .. generated[1..30]],
            CorrelationId: "corr-1", CausationId: "cause-1"), new AppendContext("ana", "api"));
        await fixture.Appender.AppendAsync(stream, Batch([.. generated[30..]]), Api);

        await using var session = fixture.Store.QuerySession();
        var expected = await session.Events.FetchStreamAsync(stream);
        var read = await StreamEventReader.ReadAsync(fixture.Store, stream, 1, 60);

        read.Count.ShouldBe(60);
        read.Select(Fields).ShouldBe(expected.Select(Fields));
        read[0].Headers.ShouldNotBeNull().ShouldContainKey("trace");
        read[0].CorrelationId.ShouldBe("corr-1");
        read.Select(e => e.Data.GetType()).ShouldBe(expected.Select(e => e.Data.GetType()));
    }

    [Fact]
    public async Task It_reads_only_the_versions_asked_for_and_nothing_of_an_unknown_stream()
    {
        var stream = $"reader-range-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(stream, Batch([.. GeneratedStream.Events(seed: 12, count: 10)]), Api);

        (await StreamEventReader.ReadAsync(fixture.Store, stream, 4, 6)).Select(e => e.Version).ShouldBe([4L, 5L, 6L]);
        (await StreamEventReader.ReadAsync(fixture.Store, stream, 11, 20)).ShouldBeEmpty();
        (await StreamEventReader.ReadAsync(fixture.Store, $"missing-{Guid.NewGuid():N}", 1, 10)).ShouldBeEmpty();
    }

    // Everything a page or the API shows of an event, plus the columns only Marten keeps.
    private static string Fields(JasperFx.Events.IEvent e) =>
        JsonSerializer.Serialize(new { stored = StreamQueries.ToStored(e), e.StreamKey, e.TenantId, e.DotNetTypeName, e.IsArchived }, EventCatalogue.Output);
}
