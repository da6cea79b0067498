using EventWorkbench.Export;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using EventWorkbench.Web.Features.Export;
using EventWorkbench.Web.Tests.Streams;
using Npgsql;

namespace EventWorkbench.Web.Tests.Export;

/// <summary>The export page's kept previews: kept by request, and not kept when an erasure came while one was read.</summary>
public sealed class ExportPreviewsTests
{
    [Fact]
    public async Task A_preview_read_while_an_erasure_made_the_previews_forget_is_answered_but_not_kept()
    {
        var database = await TestCluster.CreateDatabaseAsync("previews");
        using var store = TestStores.For(database);
        await SeedStreams.AppendAsync(new EventAppender(store, new AppendOptions()));
        var previews = new ExportPreviews(new DatasetExporter(store));
        var request = new ExportRequest { Format = ExportFormat.ReviewCsv };
        var kept = await previews.PreviewAsync(request);
        (await previews.PreviewAsync(request)).ShouldBeSameAs(kept, "a preview is kept");
        previews.Forget();
        await using var owner = NpgsqlDataSource.Create(database.AdminConnectionString);
        await using var connection = await owner.OpenConnectionAsync();
        await using var locked = await connection.BeginTransactionAsync();
        await using (var lockEvents = new NpgsqlCommand($"LOCK TABLE {EventStoreConfiguration.Schema}.mt_events", connection, locked))
            await lockEvents.ExecuteNonQueryAsync(); // the preview below waits for it, so the forget comes while it reads

        var reading = previews.PreviewAsync(request);
        previews.Forget();
        await locked.CommitAsync();
        var read = await reading;

        read.Written.ShouldBe(kept.Written);
        (await previews.PreviewAsync(request)).ShouldNotBeSameAs(read, "made again: the one read across the forget was not kept");
    }
}
