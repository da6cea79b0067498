using EventWorkbench.Erasure;
using EventWorkbench.History;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using EventWorkbench.Testing;
using EventWorkbench.Web.Features.Erasure;
using EventWorkbench.Web.Tests.Streams;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventWorkbench.Web.Tests.Erasure;

/// <summary>
/// A node whose listener was not connected when an erasure was announced (PostgreSQL keeps no notification for it)
/// forgets the erased subject once its listener connects again.
/// </summary>
public sealed class MissedErasureNotificationTests
{
    [Fact]
    public async Task A_node_whose_listener_was_down_during_an_erasure_forgets_the_subject_once_it_listens_again()
    {
        var database = await TestCluster.CreateDatabaseAsync("missed");
        using var store = TestStores.For(database);
        using var otherNode = TestStores.For(database);
        await using var owner = SubjectErasure.OwnerDataSource(database.AdminConnectionString);
        var subject = $"missed-{Guid.NewGuid():N}"[..20];
        var stream = $"missed-{Guid.NewGuid():N}";
        await SeedStreams.Append(new EventAppender(store, new AppendOptions()), stream, "bot", "corr-missed",
            SeedStreams.Event("interaction_started", new { channel = "chat", subjectId = subject, input = "My name is Missed Notice" }));
        (await InputAsync(otherNode, stream)).ShouldBe("My name is Missed Notice"); // the other node holds the key now
        var erasedStreams = new List<string>();
        var otherErasure = new SubjectErasure(otherNode, owner) { StreamsErased = streams => { lock (erasedStreams) erasedStreams.AddRange(streams); } };

        var listenerName = $"listener-{Guid.NewGuid():N}";
        var reconnects = new ConnectionGate();
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(database.AppConnectionString) { ApplicationName = listenerName }.ConnectionString);
        builder.UsePhysicalConnectionInitializer(_ => reconnects.Wait(), _ => reconnects.WaitAsync());
        await using var listenerSource = builder.Build();
        var notifications = new AppendNotifications(listenerSource, NullLogger<AppendNotifications>.Instance);
        var forgetting = new ErasureNotifications(notifications, otherErasure, NullLogger<ErasureNotifications>.Instance);
        await forgetting.StartAsync(CancellationToken.None);
        await notifications.StartAsync(CancellationToken.None);
        try
        {
            await Until(() => notifications.IsListening, "the listener connects");
            reconnects.Close();
            await using (var terminate = owner.CreateCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1"))
            {
                terminate.Parameters.AddWithValue(listenerName);
                await terminate.ExecuteNonQueryAsync();
            }
            await Until(() => !notifications.IsListening, "the listener notices it lost its connection");

            (await new SubjectErasure(store, owner).EraseAsync(new ErasureRequest(subject, "admin", "Asked"))).ShouldBeOfType<ErasureOutcome.Erased>();
            (await InputAsync(otherNode, stream)).ShouldBe("My name is Missed Notice", "the notification was lost: the other node still opens the text");

            reconnects.Open();
            await Until(() => notifications.IsListening, "the listener connects again");

            (await InputAsync(otherNode, stream)).ShouldBe(SealedValue.Erased);
            lock (erasedStreams) erasedStreams.ShouldContain(stream);
        }
        finally
        {
            reconnects.Open();
            await notifications.StopAsync(CancellationToken.None);
            await forgetting.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_listener_whose_catch_up_fails_is_not_up_and_connects_again_until_it_succeeds()
    {
        var database = await TestCluster.CreateDatabaseAsync("catchup");
        await using var source = NpgsqlDataSource.Create(database.AppConnectionString);
        var notifications = new AppendNotifications(source, NullLogger<AppendNotifications>.Instance);
        var attempts = 0;
        var release = new TaskCompletionSource();
        notifications.Connected += async _ =>
        {
            if (Interlocked.Increment(ref attempts) == 1) throw new NpgsqlException("the keys could not be read");
            await release.Task;
        };
        await notifications.StartAsync(CancellationToken.None);
        try
        {
            await Until(() => Volatile.Read(ref attempts) >= 2, "the listener tries again");
            notifications.IsListening.ShouldBeFalse("not up before its catch-up succeeded");
            notifications.LastError.ShouldBe("the keys could not be read");

            release.SetResult();

            await Until(() => notifications.IsListening, "the listener is up once its catch-up succeeded");
        }
        finally
        {
            release.TrySetResult();
            await notifications.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<string> InputAsync(IDocumentStore store, string stream) =>
        (await StreamEventReader.ReadAsync(store, stream, 1, 1))[0].Data.ShouldBeOfType<InteractionStarted>().Input;

    private static async Task Until(Func<bool> condition, string what)
    {
        for (var waited = TimeSpan.Zero; !condition(); waited += TimeSpan.FromMilliseconds(50))
        {
            if (waited > TimeSpan.FromSeconds(60)) throw new TimeoutException($"Waited a minute for this: {what}");
            await Task.Delay(50);
        }
    }

    /// <summary>Holds every new physical connection of a data source while closed.</summary>
    private sealed class ConnectionGate
    {
        private volatile TaskCompletionSource _open = Opened();

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public void Wait() => _open.Task.Wait();

        public Task WaitAsync() => _open.Task;
    }
}
