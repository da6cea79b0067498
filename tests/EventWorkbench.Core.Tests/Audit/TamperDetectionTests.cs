using EventWorkbench.Audit;
using EventWorkbench.Storage;

namespace EventWorkbench.Tests.Audit;

/// <summary>
/// The superuser takes the guard down and changes the sealed log; verifying names the exact sequence and what was done,
/// or, when an event and its per-event digest were both rewritten, the seal whose range holds them.
/// </summary>
public sealed class TamperDetectionTests
{
    private const string Events = SealedStore.Events;

    [Fact]
    public async Task A_rewritten_event_is_named_by_its_sequence()
    {
        await using var log = await SealedLogAsync("tamper_rewrite");
        var target = await log.SequenceOfEventAsync(4);

        await log.TamperWithEventsAsync($"update {Events} set data = jsonb_set(data, '{{content}}', '\"Rewritten.\"') where seq_id = @seq", ("seq", target));

        var first = await FirstProblemAsync(log);
        first.Sequence.ShouldBe(target);
        first.Kind.ShouldBe(SealProblemKinds.Rewritten);
        first.Seal.ShouldBe(1);
    }

    [Fact]
    public async Task A_deleted_event_is_named_by_its_sequence()
    {
        await using var log = await SealedLogAsync("tamper_delete");
        var target = await log.SequenceOfEventAsync(7);

        await log.TamperWithEventsAsync($"delete from {Events} where seq_id = @seq", ("seq", target));

        var first = await FirstProblemAsync(log);
        first.Sequence.ShouldBe(target);
        first.Kind.ShouldBe(SealProblemKinds.Deleted);
    }

    [Fact]
    public async Task A_back_dated_event_is_named_by_its_sequence_with_both_times()
    {
        await using var log = await SealedLogAsync("tamper_backdate");
        var target = await log.SequenceOfEventAsync(2);

        await log.TamperWithEventsAsync($"update {Events} set timestamp = timestamp - interval '3 days' where seq_id = @seq", ("seq", target));

        var first = await FirstProblemAsync(log);
        first.Sequence.ShouldBe(target);
        first.Kind.ShouldBe(SealProblemKinds.BackDated);
        first.Message.ShouldContain("sealed with");
    }

    [Fact]
    public async Task An_event_inserted_into_a_sealed_range_is_named_by_its_sequence()
    {
        await using var log = await SealedStore.CreateAsync("tamper_insert");
        await log.AppendStreamsAsync(2);
        // A gap of unused sequence numbers inside what will be sealed, as a failed transaction leaves.
        await using (var admin = new Npgsql.NpgsqlConnection(log.Database.AdminConnectionString))
        {
            await admin.OpenAsync();
            await SealedStore.ExecuteAsync(admin, $"select setval('{EventStoreConfiguration.Schema}.mt_events_sequence', (select max(seq_id) from {Events}) + 5)");
        }
        await log.AppendStreamsAsync(2);
        await log.SealAsync();
        var gap = await log.SequenceOfEventAsync(5) + 2;

        await log.TamperWithEventsAsync($"""
            insert into {Events} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, user_name, is_archived)
            select @gap, gen_random_uuid(), stream_id, version + 100, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, user_name, is_archived
            from {Events} where seq_id = 1
            """, ("gap", gap));

        var first = await FirstProblemAsync(log);
        first.Sequence.ShouldBe(gap);
        first.Kind.ShouldBe(SealProblemKinds.Inserted);
    }

    [Fact]
    public async Task An_event_rewritten_with_its_per_event_digest_names_the_seals_range()
    {
        await using var log = await SealedStore.CreateAsync("tamper_both");
        await log.AppendStreamsAsync(2);
        await log.SealAsync();
        await log.AppendStreamsAsync(3);
        var second = (await log.SealAsync()).ShouldHaveSingleItem();
        var target = await log.SequenceOfEventAsync(9);

        await log.TamperWithEventsAsync($"update {Events} set data = jsonb_set(data, '{{content}}', '\"Rewritten.\"') where seq_id = @seq", ("seq", target));
        var rewritten = await CanonicalEvents.ReadAsync(log.DataSource, new CanonicalEvents.Selection(target, target)).SingleAsync();
        await log.TamperAsync(SealedEventsTable.TableName, SealedEventsTable.TriggerNames,
            $"update {SealedEventsTable.QualifiedName} set sha256 = @sha where seq_id = @seq", ("sha", SealedEvent.Of(rewritten).Sha256), ("seq", target));

        var verdict = await log.Verifier.VerifyAsync();
        verdict.Intact.ShouldBeFalse();
        verdict.Problems.ShouldNotContain(p => p.Kind == SealProblemKinds.Rewritten);
        verdict.FirstProblem!.Kind.ShouldBe(SealProblemKinds.DigestsRewritten);
        verdict.FirstProblem.Sequence.ShouldBe(second.FromSequence);
        verdict.FirstProblem.Seal.ShouldBe(2);
        verdict.FirstProblem.Message.ShouldContain($"sequences {second.FromSequence}..{second.ToSequence}");
        verdict.Problems.ShouldContain(p => p.Kind == SealProblemKinds.SegmentDiffers && p.Seal == 2);
    }

    [Fact]
    public async Task A_rewritten_seal_breaks_the_chain_at_that_seal()
    {
        await using var log = await SealedStore.CreateAsync("tamper_seal");
        await log.AppendStreamsAsync(2);
        var first = (await log.SealAsync()).ShouldHaveSingleItem();
        await log.AppendStreamsAsync(1);
        await log.SealAsync();

        await log.TamperWithEventsAsync(
            $"update {Events} set data = jsonb_set(data, '{{segmentSha256}}', to_jsonb(@forged::text)) where seq_id = @seq",
            ("forged", new string('a', 64)), ("seq", first.Sequence));

        var verdict = await log.Verifier.VerifyAsync();
        verdict.FirstProblem!.Kind.ShouldBe(SealProblemKinds.ChainBroken);
        verdict.FirstProblem.Seal.ShouldBe(1);
        verdict.FirstProblem.Sequence.ShouldBe(1);
    }

    [Fact]
    public async Task The_sealed_digests_refuse_update_delete_and_truncate_even_from_the_superuser()
    {
        await using var log = await SealedLogAsync("digest_guard");
        foreach (var sql in new[]
        {
            $"update {SealedEventsTable.QualifiedName} set sha256 = '\\x00'",
            $"delete from {SealedEventsTable.QualifiedName}",
            $"truncate {SealedEventsTable.QualifiedName}",
        })
        {
            await using var admin = new Npgsql.NpgsqlConnection(log.Database.AdminConnectionString);
            await admin.OpenAsync();
            var refusal = await Should.ThrowAsync<Npgsql.PostgresException>(() => SealedStore.ExecuteAsync(admin, sql));
            refusal.MessageText.ShouldContain("insert-only");
            await using var app = new Npgsql.NpgsqlConnection(log.Database.AppConnectionString);
            await app.OpenAsync();
            (await Should.ThrowAsync<Npgsql.PostgresException>(() => SealedStore.ExecuteAsync(app, sql))).SqlState.ShouldBe(Npgsql.PostgresErrorCodes.InsufficientPrivilege);
        }
        (await log.Verifier.VerifyAsync()).Intact.ShouldBeTrue();
    }

    private static async Task<SealedStore> SealedLogAsync(string purpose)
    {
        var log = await SealedStore.CreateAsync(purpose);
        await log.AppendStreamsAsync(4);
        await log.SealAsync();
        return log;
    }

    private static async Task<SealProblem> FirstProblemAsync(SealedStore log)
    {
        var verdict = await log.Verifier.VerifyAsync();
        verdict.Intact.ShouldBeFalse();
        verdict.Summary.ShouldContain($"from sequence {verdict.FirstProblem!.Sequence}");
        return verdict.FirstProblem;
    }
}
