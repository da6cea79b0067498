using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Streams;

public sealed class AppendNotificationsTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Every_append_is_announced_with_its_stream_id_once_committed_whoever_wrote_it()
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.Database.AppConnectionString);
        using var notifications = new AppendNotifications(dataSource, NullLogger<AppendNotifications>.Instance);
        var heard = new System.Collections.Concurrent.ConcurrentQueue<string>();
        notifications.StreamAppended += heard.Enqueue;
        await notifications.StartAsync(CancellationToken.None);

        // The listener connects in the background: append until it hears one, then test for real.
        var warmup = $"warmup-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(warmup, Batch(Started()), Api);
        await EventuallyAsync(() => heard.Contains(warmup) || RetryWarmup(warmup));

        var viaAppender = $"appender-{Guid.NewGuid():N}";
        var viaMarten = $"marten-{Guid.NewGuid():N}";
        await fixture.Appender.AppendAsync(viaAppender, Batch(Started()), Api);
        await using (var session = fixture.Store.LightweightSession())
        {
            session.Events.StartStream(viaMarten, new InteractionStarted("chat", "hello"));
            await session.SaveChangesAsync();
        }

        await EventuallyAsync(() => heard.Contains(viaAppender) && heard.Contains(viaMarten));
        await notifications.StopAsync(CancellationToken.None);

        bool RetryWarmup(string stream)
        {
            fixture.Appender.AppendAsync(stream, Batch(Proposal($"p{Guid.NewGuid():N}")), Api).GetAwaiter().GetResult();
            return false;
        }
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the notification never arrived");
            await Task.Delay(100);
        }
    }
}
