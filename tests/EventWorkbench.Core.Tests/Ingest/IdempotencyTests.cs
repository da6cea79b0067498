using EventWorkbench.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Ingest;

public sealed class IdempotencyTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private static AppendContext WithKey(string key, string actor = "test-client") => new(actor, "api", key);

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_returns_the_first_answer_and_writes_nothing()
    {
        var stream = $"idem-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var request = Batch(Started(), Proposal("p1"));

        var first = (await fixture.Appender.AppendAsync(stream, request, WithKey(key))).ShouldBeOfType<AppendOutcome.Appended>();
        var retry = (await fixture.Appender.AppendAsync(stream, request, WithKey(key))).ShouldBeOfType<AppendOutcome.Appended>();

        first.Replayed.ShouldBeFalse();
        retry.Replayed.ShouldBeTrue();
        retry.StreamId.ShouldBe(first.StreamId);
        retry.Version.ShouldBe(first.Version);
        retry.Events.ShouldBe(first.Events);
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(2);
    }

    [Fact]
    public async Task A_retry_after_a_crash_is_answered_from_the_stored_events()
    {
        // The first process committed, then died before answering: a new appender (a restarted node) gets the retry.
        var stream = $"idem-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var request = Batch(Started());
        await fixture.Appender.AppendAsync(stream, request, WithKey(key));

        var restarted = new EventAppender(fixture.Store, new AppendOptions());
        var retry = await restarted.AppendAsync(stream, request, WithKey(key));

        retry.ShouldBeOfType<AppendOutcome.Appended>().Replayed.ShouldBeTrue();
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_write_the_batch_once()
    {
        var stream = $"idem-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        var request = Batch(Started(), Proposal("p1"), Proposal("p2"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => fixture.Appender.AppendAsync(stream, request, WithKey(key)))));

        var appended = outcomes.Select(o => o.ShouldBeOfType<AppendOutcome.Appended>()).ToList();
        appended.Count(a => !a.Replayed).ShouldBe(1);
        appended.Select(a => a.Version).Distinct().ShouldHaveSingleItem().ShouldBe(3);
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(3);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_writes_nothing()
    {
        var stream = $"idem-{Guid.NewGuid():N}";
        var key = Guid.NewGuid().ToString();
        await fixture.Appender.AppendAsync(stream, Batch(Started()), WithKey(key));

        var other = await fixture.Appender.AppendAsync(stream, Batch(Started("contracts")), WithKey(key));
        var otherStream = await fixture.Appender.AppendAsync(stream + "-b", Batch(Started()), WithKey(key));

        other.ShouldBeOfType<AppendOutcome.IdempotencyKeyReused>().IdempotencyKey.ShouldBe(key);
        otherStream.ShouldBeOfType<AppendOutcome.IdempotencyKeyReused>();
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(1);
        (await fixture.Appender.CurrentVersionAsync(stream + "-b")).ShouldBe(0);
    }

    [Fact]
    public async Task Keys_belong_to_their_client()
    {
        var key = Guid.NewGuid().ToString();
        var request = Batch(Started());
        var stream = $"idem-{Guid.NewGuid():N}";

        var a = await fixture.Appender.AppendAsync(stream, request, WithKey(key, "client-a"));
        var b = await fixture.Appender.AppendAsync(stream, request, WithKey(key, "client-b"));

        a.ShouldBeOfType<AppendOutcome.Appended>().Replayed.ShouldBeFalse();
        b.ShouldBeOfType<AppendOutcome.Appended>().Replayed.ShouldBeFalse();
        (await fixture.Appender.CurrentVersionAsync(stream)).ShouldBe(2);
    }

    [Fact]
    public void Event_ids_are_deterministic_per_client_key_and_position()
    {
        IdempotencyKeys.EventIds("a", "k", 3).ShouldBe(IdempotencyKeys.EventIds("a", "k", 3));
        IdempotencyKeys.EventIds("a", "k", 3).ShouldBeUnique();
        IdempotencyKeys.EventIds("a", "k", 1)[0].ShouldNotBe(IdempotencyKeys.EventIds("b", "k", 1)[0]);
    }
}
