using EventWorkbench.Audit;
using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Tests.Audit;

public sealed class SealTests
{
    [Fact]
    public async Task An_untouched_log_verifies_and_each_seal_links_to_the_one_before()
    {
        await using var log = await SealedStore.CreateAsync("seal_chain");
        await log.AppendStreamsAsync(4);
        var first = (await log.SealAsync("ana")).ShouldHaveSingleItem();
        await log.AppendStreamsAsync(3);
        var second = (await log.SealAsync(LogSealed.Automatic)).ShouldHaveSingleItem();

        first.Number.ShouldBe(1);
        first.FromSequence.ShouldBe(1);
        first.EventCount.ShouldBe(12);
        first.PreviousChainSha256.ShouldBe(ChainDigest.Genesis);
        first.ChainSha256.ShouldBe(ChainDigest.Of(ChainDigest.Genesis, first.SegmentSha256, first.FromSequence, first.ToSequence));
        second.Number.ShouldBe(2);
        second.FromSequence.ShouldBe(first.ToSequence + 1);
        second.EventCount.ShouldBe(10); // the first seal's own event, and nine appended
        second.PreviousChainSha256.ShouldBe(first.ChainSha256);
        second.By.ShouldBe(LogSealed.Automatic);
        (await log.Seals.ListAsync()).ShouldBe([first, second]);
        (await log.Seals.FindAsync(2)).ShouldBe(second);
        (await log.Seals.FindAsync(3)).ShouldBeNull();

        var verdict = await log.Verifier.VerifyAsync();

        verdict.Intact.ShouldBeTrue(verdict.Summary);
        verdict.Seals.ShouldBe(2);
        verdict.EventsChecked.ShouldBe(22);
        verdict.SealedThrough.ShouldBe(second.ToSequence);
        verdict.UnsealedEvents.ShouldBe(1); // the second seal's own event
        (await log.ScalarAsync($"select count(*) from {SealedEventsTable.QualifiedName}")).ShouldBe(22L);
    }

    [Fact]
    public async Task A_segment_size_splits_a_long_range_and_seals_alone_are_not_sealed_again()
    {
        await using var log = await SealedStore.CreateAsync("seal_split");
        await log.AppendStreamsAsync(5);
        var small = new LogSealer(log.Store, log.DataSource) { MaxEventsPerSeal = 4 };

        var seals = (await small.SealAsync("ana")).ShouldBeOfType<SealOutcome.Sealed>().Seals;

        seals.Select(s => s.EventCount).ShouldBe([4L, 4L, 4L, 3L]);
        seals.Select(s => s.Number).ShouldBe([1L, 2L, 3L, 4L]);
        // Only seals were appended since: they are sealed with the next events, not on their own.
        (await log.Sealer.SealAsync("ana")).ShouldBeOfType<SealOutcome.NothingNew>().SealedThrough.ShouldBe(seals[^1].ToSequence);
        await log.AppendStreamsAsync(1);
        (await log.Sealer.SealAsync("ana")).ShouldBeOfType<SealOutcome.Sealed>().Seals.ShouldHaveSingleItem().EventCount.ShouldBe(7);
        (await log.Verifier.VerifyAsync()).Intact.ShouldBeTrue();
    }

    [Fact]
    public async Task A_second_sealer_of_the_same_range_fails_cleanly_on_the_seal_streams_version()
    {
        await using var log = await SealedStore.CreateAsync("seal_race");
        await log.AppendStreamsAsync(2);
        await log.SealAsync();
        await log.AppendStreamsAsync(2);

        // Hold the events and streams tables against anything but plain reads: both sealers read the same last seal, then
        // queue for the append. A table lock takes no transaction id, and in exclusive mode a sealer's first write or row
        // lock waits before it takes one, so neither sealer's transaction is open when the other chooses its range
        // (a sealer waits for the transactions open then, and a slow one would otherwise find the other's).
        await using var holder = new NpgsqlConnection(log.Database.AdminConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await SealedStore.ExecuteAsync(holder,
            $"lock table {EventStoreConfiguration.Schema}.mt_events, {EventStoreConfiguration.Schema}.mt_streams in exclusive mode");
        var racing = new[] { log.Sealer.SealAsync("ana"), log.Sealer.SealAsync("ben") };
        await WaitForWaitingAppendsAsync(log, racing);
        await hold.CommitAsync();
        var outcomes = await Task.WhenAll(racing);

        outcomes.OfType<SealOutcome.Sealed>().ShouldHaveSingleItem().Seals.ShouldHaveSingleItem().Number.ShouldBe(2);
        outcomes.OfType<SealOutcome.AlreadySealed>().ShouldHaveSingleItem().ExpectedSeal.ShouldBe(2);
        (await log.Seals.ListAsync()).Count.ShouldBe(2);
        (await log.Verifier.VerifyAsync()).Intact.ShouldBeTrue();
    }

    /// <summary>Until every sealer waits on a lock; a sealer that ended first (it should not) is named with its outcome.</summary>
    private static async Task WaitForWaitingAppendsAsync(SealedStore log, Task<SealOutcome>[] sealers)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2); // each sealer first reads and hashes its range: slow beside other tests
        while ((long)(await log.ScalarAsync(
            $"select count(*) from pg_stat_activity where datname = '{log.Database.Name}' and wait_event_type = 'Lock'"))! < sealers.Length)
        {
            if (sealers.FirstOrDefault(s => s.IsCompleted) is { } ended)
                throw new InvalidOperationException($"A sealer ended before the lock was let go: {(ended.IsFaulted ? ended.Exception : ended.Result)}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the sealers never queued for the seal stream");
            await Task.Delay(20);
        }
    }
}
