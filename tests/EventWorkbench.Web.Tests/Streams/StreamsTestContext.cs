using Bunit;
using EventWorkbench.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Streams;
using Npgsql;

namespace EventWorkbench.Web.Tests.Streams;

/// <summary>bUnit with the services the Streams pages use, on a real database: no fake store, no mocked Marten.</summary>
public abstract class StreamsTestContext : BunitContext, IAsyncLifetime
{
    private readonly NpgsqlDataSource _dataSource;
    private bool _released;

    /// <param name="database">The seeded database.</param>
    /// <param name="register">Registers what a page beyond the Streams pages uses (another feature's services), before any is resolved.</param>
    protected StreamsTestContext(StreamsDatabase database, Action<IServiceCollection>? register = null)
    {
        Database = database;
        _dataSource = NpgsqlDataSource.Create(database.Database.AppConnectionString);
        Notifications = new AppendNotifications(_dataSource, NullLogger<AppendNotifications>.Instance);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<Marten.IDocumentStore>(database.Store);
        Services.AddStreams();
        Services.AddWorkbenchPages();
        Services.AddSingleton(Notifications); // the test's own listener, started only where a test needs it
        register?.Invoke(Services);
        SignedIn.Register(Services); // anonymous unless a test signs in: what only some roles see stays hidden
        var handOffs = new EventWorkbench.Web.Components.HandOffStore(); // the one the test hands snapshots through
        Services.AddSingleton(handOffs);
        Prerender = new PrerenderedPage(AddBunitPersistentComponentState(), handOffs);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // the live page; a prerender sets its own
    }

    /// <summary>Who the page is signed in as; nobody unless a test says so.</summary>
    protected SignedInAs SignedIn { get; } = new();

    /// <summary>What a prerender handed to the live page.</summary>
    protected PrerenderedPage Prerender { get; }

    protected StreamsDatabase Database { get; }

    /// <summary>The real listener; started only by the tests that need live updates.</summary>
    protected AppendNotifications Notifications { get; }

    // The listener connects in the background: wait until a notification sent now reaches it.
    protected async Task WaitUntilListeningAsync()
    {
        var probe = $"probe-{Guid.NewGuid():N}";
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAppended(string streamId)
        {
            if (streamId == probe) heard.TrySetResult();
        }
        Notifications.StreamAppended += OnAppended;
        try
        {
            await using var connection = new NpgsqlConnection(Database.Database.AppConnectionString);
            await connection.OpenAsync();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (!heard.Task.IsCompleted)
            {
                DateTime.UtcNow.ShouldBeLessThan(deadline, "the append listener never started listening");
                await using var notify = new NpgsqlCommand("select pg_notify(@channel, @probe)", connection);
                notify.Parameters.AddWithValue("channel", EventWorkbench.Storage.AppendNotificationTrigger.Channel);
                notify.Parameters.AddWithValue("probe", probe);
                await notify.ExecuteNonQueryAsync();
                await Task.WhenAny(heard.Task, Task.Delay(200));
            }
        }
        finally
        {
            Notifications.StreamAppended -= OnAppended;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xUnit 2 disposes test classes synchronously, but MudBlazor's services can only be disposed asynchronously:
    // dispose the context here first (xUnit calls this before Dispose, which then has nothing left to do).
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        ReleaseListener();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        ReleaseListener();
    }

    private void ReleaseListener()
    {
        if (_released) return;
        _released = true;
        Notifications.Dispose();
        _dataSource.Dispose();
    }
}
