using EventWorkbench.Erasure;
using EventWorkbench.Export;
using EventWorkbench.Ingest;
using EventWorkbench.Search;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Testing;

namespace EventWorkbench.Tests.Erasure;

/// <summary>A subject erased before: what a second erasure finds to clean, and what stays erased meanwhile.</summary>
public sealed class ErasingAgainTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_node_that_has_not_heard_of_an_erasure_seals_with_a_new_key_and_erasing_again_erases_that(bool namesVersion)
    {
        await using var scope = await ErasureScope.CreateAsync(namesVersion ? "stalekeyv" : "stalekey");
        using var otherNode = TestStores.For(scope.Database);
        var otherAppender = new EventAppender(otherNode, new AppendOptions());
        await scope.AppendInteractionAsync("customer-20", "Early Words", otherAppender);
        var erasedKey = SubjectKeyring.Of(otherNode).HeldKeyIds().ShouldHaveSingleItem();
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-20", "admin", "Asked"));
        SubjectKeyring.Of(otherNode).HeldKeyIds().ShouldContain(erasedKey, "nothing told the other node of the erasure");

        var late = await scope.AppendInteractionAsync("customer-20", "Late Words", otherAppender, namesVersion);

        // The database refused the erased key, so the other node forgot it and sealed with a new one, which opens.
        SubjectKeyring.Of(otherNode).HeldKeyIds().ShouldNotContain(erasedKey);
        var sealedInput = await scope.ScalarTextAsync($"SELECT data ->> 'input' FROM eventworkbench.mt_events WHERE stream_id = '{late}' AND type = 'interaction_started'");
        SealedValue.TryParse(sealedInput, out var header).ShouldBeTrue();
        header.KeyId.ShouldNotBe(erasedKey);
        (await scope.ScalarTextAsync($"SELECT count(*) FROM eventworkbench.ew_subject_keys WHERE key_id = '{header.KeyId}' AND key IS NOT NULL")).ShouldBe("1");
        await using (var session = scope.Store.QuerySession())
            (await session.Events.FetchStreamAsync(late))[0].Data.ShouldBeOfType<InteractionStarted>().Input.ShouldBe("My name is Late Words");
        (await scope.Erasure.PreviewAsync("customer-20")).ShouldSatisfyAllConditions(
            preview => preview.LiveKeys.ShouldBe(1),
            preview => preview.LeftSinceErasure.ShouldBeTrue());

        var again = await scope.Erasure.EraseAsync(new ErasureRequest("customer-20", "admin", "Asked again"));

        again.ShouldBeOfType<ErasureOutcome.Erased>().Job.Done.ShouldBeTrue();
        ErasureScope.Holds(await scope.DumpAsync(), "Late Words").ShouldBeFalse();
        (await new EventSearch(scope.Store).SearchAsync(new EventSearchFilter { Text = "Late Words" })).Hits.ShouldBeEmpty();
        (await scope.Erasure.PreviewAsync("customer-20")).LeftSinceErasure.ShouldBeFalse();
        (await scope.Erasure.EraseAsync(new ErasureRequest("customer-20", "admin", "Asked a third time")))
            .ShouldBeOfType<ErasureOutcome.AlreadyErased>().Earlier!.Reason.ShouldBe("Asked again");
    }

    [Fact]
    public async Task The_key_check_refuses_an_erased_key_and_passes_a_live_one()
    {
        await using var scope = await ErasureScope.CreateAsync("keycheck");
        await scope.AppendInteractionAsync("customer-22", "Checked Words");
        var key = SubjectKeyring.Of(scope.Store).HeldKeyIds().ShouldHaveSingleItem();
        await using var connection = scope.Store.Storage.Database.CreateConnection();
        await connection.OpenAsync();
        await CheckAsync(connection, key); // live: passes

        await scope.Erasure.EraseAsync(new ErasureRequest("customer-22", "admin", "Asked"));

        var refused = await Should.ThrowAsync<Npgsql.PostgresException>(() => CheckAsync(connection, Guid.NewGuid(), key));
        SubjectKeysTable.IsErasedKey(refused).ShouldBeTrue(refused.Message);
    }

    private static async Task CheckAsync(Npgsql.NpgsqlConnection connection, params Guid[] keyIds)
    {
        await using var batch = new Npgsql.NpgsqlBatch(connection) { BatchCommands = { SubjectKeysTable.LiveCheckCommand(EventStoreConfiguration.Schema, keyIds) } };
        await batch.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task An_erasure_requested_again_keeps_what_the_earlier_one_erased_erased_until_it_completes()
    {
        await using var scope = await ErasureScope.CreateAsync("reerased");
        var first = await scope.AppendInteractionAsync("customer-21", "First Visit");
        var firstJob = (await scope.Erasure.EraseAsync(new ErasureRequest("customer-21", "admin", "Asked")))
            .ShouldBeOfType<ErasureOutcome.Erased>().Job;
        await scope.AppendInteractionAsync("customer-21", "Second Visit");

        // A crash right after the second request was recorded: its job replaced the first one's.
        var recorded = await scope.Erasure.RecordAsync(new ErasureRequest("customer-21", "admin", "Asked again"), 8, 2, CancellationToken.None);

        recorded.ErasedThrough.ShouldBe(firstJob.ErasedThrough);
        var erased = await ErasedStreams.LoadAsync(scope.Store);
        erased.Contains(first).ShouldBeTrue("new exports still leave the first erasure's stream out");
        var request = new ExportRequest { Format = ExportFormat.ReviewCsv };
        var asOf = await new DatasetExporter(scope.Store).ResolveAsOfAsync(null);
        (await erased.SubjectsHeldByAsync(scope.Store, request, asOf)).ShouldBe(["customer-21"]);
    }
}
