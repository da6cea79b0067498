using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Api;
using EventWorkbench.Web.Tests.Streams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Web.Tests.Erasure;

/// <summary>The app over a store holding an erasure that was recorded but never completed (the app stopped in the middle).</summary>
public sealed class PendingErasureHost : ApiHost
{
    public static readonly string Subject = $"pending-{Guid.NewGuid():N}"[..20];
    public static readonly string Stream = $"pending-{Guid.NewGuid():N}";

    // Called with the fresh database before the app is built: the interrupted erasure is arranged there.
    protected override async Task<string> AppConnectionStringAsync(TestDatabase database)
    {
        await EventStoreConfiguration.MigrateAsync(database.AdminConnectionString, database.AppConnectionString);
        using var store = TestStores.For(database);
        await SeedStreams.Append(new EventAppender(store, new AppendOptions()), Stream, "bot", "corr-pending",
            SeedStreams.Event("interaction_started", new { channel = "chat", subjectId = Subject, input = "My name is Ada Lovelace" }),
            SeedStreams.Proposal("p1", "It ships tomorrow, Ada."));
        await using var session = store.LightweightSession();
        session.Store(new SubjectErasureJob
        {
            Id = Subject, By = "ana", Reason = "Asked to be forgotten", RequestedAt = DateTimeOffset.UtcNow, Events = 2, Streams = 1,
        });
        await session.SaveChangesAsync();
        return database.AppConnectionString;
    }
}

public sealed class PendingErasureTests(PendingErasureHost host) : IClassFixture<PendingErasureHost>
{
    [Fact]
    public async Task An_erasure_interrupted_before_a_start_is_completed_as_the_app_starts_and_logged()
    {
        host.Logs.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message == "Completed 1 interrupted erasure(s) of data subjects");

        var preview = await host.Services.GetRequiredService<SubjectErasure>().PreviewAsync(PendingErasureHost.Subject);
        preview.LiveKeys.ShouldBe(0);
        preview.Earlier.ShouldNotBeNull().Done.ShouldBeTrue();
        preview.Earlier.CompletedAt.ShouldNotBeNull();
        using var reader = host.Client(ApiHost.ReadKey);
        var events = await (await reader.GetAsync($"/api/streams/{PendingErasureHost.Stream}/events")).ReadObjectAsync();
        events["events"]![0]!["data"]!["input"]!.ToString().ShouldBe("[erased]");
    }
}
