using EventWorkbench.History;
using EventWorkbench.Ingest;
using EventWorkbench.Testing;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.History;

/// <summary>The history keeps the streams it read last: a kept run is served again, and only what comes after it is read.</summary>
public sealed class StreamPrefixCacheTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private const long Plenty = 16L * 1024 * 1024;

    [Fact]
    public async Task A_kept_stream_serves_any_earlier_version_from_memory_and_reads_on_only_past_its_end()
    {
        var stream = await StreamAsync("kept", count: 20);
        var cache = new StreamPrefixCache(Plenty);

        var first = await cache.ReadAsync(fixture.Store, stream, 12, CancellationToken.None);
        var earlier = await cache.ReadAsync(fixture.Store, stream, 5, CancellationToken.None);
        var later = await cache.ReadAsync(fixture.Store, stream, 20, CancellationToken.None);

        first.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 12).Select(v => (long)v));
        earlier.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 5).Select(v => (long)v));
        earlier.ShouldAllBe(e => ReferenceEquals(e, first[(int)e.Version - 1]), "versions 1-5 came from memory");
        later.Select(e => e.Version).ShouldBe(Enumerable.Range(1, 20).Select(v => (long)v));
        later.Take(12).ShouldAllBe(e => ReferenceEquals(e, first[(int)e.Version - 1]), "only versions 13-20 were read");
        later.Select(e => e.Id).ShouldBe((await StreamEventReader.ReadAsync(fixture.Store, stream, 1, 20)).Select(e => e.Id));
    }

    [Fact]
    public async Task Reading_past_the_end_of_a_stream_gives_what_there_is_and_finds_what_is_appended_later()
    {
        var stream = await StreamAsync("growing", count: 6);
        var cache = new StreamPrefixCache(Plenty);

        (await cache.ReadAsync(fixture.Store, stream, 10, CancellationToken.None)).Count.ShouldBe(6);
        await fixture.Appender.AppendAsync(stream, Batch([.. GeneratedStream.Events(seed: 32, count: 10)[6..]]), Api);
        (await cache.ReadAsync(fixture.Store, stream, 10, CancellationToken.None)).Select(e => e.Version).ShouldBe(Enumerable.Range(1, 10).Select(v => (long)v));
        (await cache.ReadAsync(fixture.Store, $"missing-{Guid.NewGuid():N}", 10, CancellationToken.None)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Past_its_budget_the_stream_read_longest_ago_goes_first()
    {
        var (one, two) = (await StreamAsync("one", count: 10), await StreamAsync("two", count: 10));
        var size = (await StreamEventReader.ReadSizedAsync(fixture.Store, one, 1, 10, CancellationToken.None)).JsonBytes;
        var cache = new StreamPrefixCache(size + size / 2); // room for one of the two streams

        var oneFirst = await cache.ReadAsync(fixture.Store, one, 10, CancellationToken.None);
        (await cache.ReadAsync(fixture.Store, one, 10, CancellationToken.None))[0].ShouldBeSameAs(oneFirst[0]);
        await cache.ReadAsync(fixture.Store, two, 10, CancellationToken.None);
        (await cache.ReadAsync(fixture.Store, one, 10, CancellationToken.None))[0].ShouldNotBeSameAs(oneFirst[0], "one made room for two and was read again");
    }

    [Fact]
    public async Task A_read_that_began_before_a_forget_is_answered_but_not_kept()
    {
        var stream = await StreamAsync("forgotten", count: 5);
        var cache = new StreamPrefixCache(Plenty);
        await using var owner = Npgsql.NpgsqlDataSource.Create(fixture.Database.AdminConnectionString);
        await using var connection = await owner.OpenConnectionAsync();
        await using var locked = await connection.BeginTransactionAsync();
        await using (var lockEvents = new Npgsql.NpgsqlCommand($"LOCK TABLE {EventWorkbench.Storage.EventStoreConfiguration.Schema}.mt_events", connection, locked))
            await lockEvents.ExecuteNonQueryAsync(); // the read below waits for it, so the forget comes while it reads

        var reading = cache.ReadAsync(fixture.Store, stream, 5, CancellationToken.None);
        cache.Forget([stream]);
        await locked.CommitAsync();
        var read = await reading;

        read.Count.ShouldBe(5);
        (await cache.ReadAsync(fixture.Store, stream, 5, CancellationToken.None))[0].ShouldNotBeSameAs(read[0], "read again: the first read was not kept");
    }

    private async Task<string> StreamAsync(string name, int count)
    {
        var stream = $"prefix-{name}-{Guid.NewGuid():N}";
        var outcome = await fixture.Appender.AppendAsync(stream, Batch([.. GeneratedStream.Events(seed: 32, count: count)]), Api);
        outcome.ShouldBeOfType<AppendOutcome.Appended>();
        return stream;
    }
}
