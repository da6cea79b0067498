using EventWorkbench.Audit;
using EventWorkbench.Erasure;
using EventWorkbench.History;
using EventWorkbench.Review;
using EventWorkbench.Search;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Marten;
using Npgsql;

namespace EventWorkbench.Tests.Erasure;

public sealed class SubjectErasureTests
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    [Fact]
    public async Task Personal_fields_are_stored_sealed_and_read_back_as_written()
    {
        await using var scope = await ErasureScope.CreateAsync("sealed");
        var stream = await scope.AppendInteractionAsync("customer-1", "Ingrid Halvorsen");

        (await scope.ScalarTextAsync($"SELECT count(*) FROM {Events} WHERE data::text LIKE '%Ingrid%'")).ShouldBe("0");
        (await scope.ScalarTextAsync($"SELECT count(*) FROM {Events} WHERE headers ->> 'subject' = 'customer-1'")).ShouldBe("4");

        var events = await StreamEventReader.ReadAsync(scope.Store, stream, 1, 4);
        events[0].Data.ShouldBeOfType<InteractionStarted>().Input.ShouldBe("My name is Ingrid Halvorsen");
        events[0].Data.ShouldBeOfType<InteractionStarted>().Context!.Value.GetProperty("address").GetString().ShouldBe("Ingrid Halvorsen");
        events[1].Data.ShouldBeOfType<ProposalGenerated>().Messages[0].Content.ShouldBe("Ingrid Halvorsen asks");
        await using var session = scope.Store.QuerySession();
        var review = await session.Query<ProposalReview>().SingleAsync(r => r.StreamId == stream);
        review.AiContent.ShouldBe("Dear Ingrid Halvorsen, it ships tomorrow.");
    }

    [Fact]
    public async Task After_erasure_neither_pg_dump_nor_the_data_files_hold_the_subjects_data_and_others_keep_theirs()
    {
        await using var scope = await ErasureScope.CreateAsync("erased");
        var erased = await scope.AppendInteractionAsync("customer-7", "Ingrid Halvorsen");
        await scope.AppendInteractionAsync("customer-7", "Fjordgata Twelve");
        var kept = await scope.AppendInteractionAsync("customer-8", "Kept Kristiansen");
        await scope.AppendInteractionAsync(null, "Nobody Named");
        ErasureScope.Holds(await scope.DumpAsync(), "Ingrid Halvorsen").ShouldBeTrue(); // the review holds it, in plain text
        var search = new EventSearch(scope.Store);
        (await search.SearchAsync(new EventSearchFilter { Text = "Ingrid Halvorsen" })).Hits.Count.ShouldBe(4);

        var outcome = await scope.Erasure.EraseAsync(new ErasureRequest("customer-7", "admin", "Asked to be forgotten"));

        var job = outcome.ShouldBeOfType<ErasureOutcome.Erased>().Job;
        (job.Done, job.Events, job.Streams).ShouldBe((true, 8L, 2));
        var dump = await scope.DumpAsync();
        ErasureScope.Holds(dump, "Ingrid Halvorsen").ShouldBeFalse();
        ErasureScope.Holds(dump, "Fjordgata Twelve").ShouldBeFalse();
        ErasureScope.Holds(dump, "Kept Kristiansen").ShouldBeTrue();
        ErasureScope.Holds(dump, "Nobody Named").ShouldBeTrue();
        var files = await scope.DataFilesAsync();
        files.Where(file => ErasureScope.Holds(file.Bytes, "Ingrid Halvorsen") || ErasureScope.Holds(file.Bytes, "Fjordgata Twelve"))
            .Select(file => file.Path).ShouldBeEmpty();
        files.ShouldContain(file => ErasureScope.Holds(file.Bytes, "Kept Kristiansen"));

        await using var session = scope.Store.QuerySession();
        var reviews = await session.Query<ProposalReview>().ToListAsync();
        var review = reviews.Single(r => r.StreamId == erased);
        (review.AiContent, review.FinalContent).ShouldBe((SealedValue.Erased, SealedValue.Erased));
        (review.Similarity, review.EditCategory).ShouldBe((null, null)); // unknown now, not "accepted unchanged"
        reviews.Single(r => r.StreamId == kept).AiContent.ShouldBe("Dear Kept Kristiansen, it ships tomorrow.");
        reviews.Single(r => r.StreamId == kept).Similarity.ShouldNotBeNull();
        var history = await StreamEventReader.ReadAsync(scope.Store, erased, 1, 4);
        history[0].Data.ShouldBeOfType<InteractionStarted>().Input.ShouldBe(SealedValue.Erased);
        var proposal = history[1].Data.ShouldBeOfType<ProposalGenerated>();
        (proposal.Messages[0].Content, proposal.Content, proposal.Reasoning).ShouldBe((SealedValue.Erased, SealedValue.Erased, SealedValue.Erased));
        history[3].Data.ShouldBeOfType<FeedbackGiven>().Rating.ShouldBe(1); // what is not personal stays readable
        var after = await search.SearchAsync(new EventSearchFilter { Stream = erased });
        after.Hits.Count.ShouldBe(4);
        after.Hits.ShouldAllBe(hit => !(hit.Snippet.Before + hit.Snippet.Match + hit.Snippet.After).Contains("ew-sealed"));
        (await search.SearchAsync(new EventSearchFilter { Text = "Ingrid Halvorsen" })).Hits.ShouldBeEmpty();
        (await search.SearchAsync(new EventSearchFilter { Text = "Kept Kristiansen" })).Hits.Count.ShouldBe(4);
        var record = (await session.Events.FetchStreamAsync(WorkbenchStreams.Erasures)).Single().Data.ShouldBeOfType<SubjectErased>();
        (record.SubjectId, record.By, record.Reason, record.Events, record.Streams).ShouldBe(("customer-7", "admin", "Asked to be forgotten", 8L, 2));
    }

    [Fact]
    public async Task The_digest_chain_sealed_before_the_erasure_still_verifies_after_it()
    {
        await using var scope = await ErasureScope.CreateAsync("chain");
        await scope.AppendInteractionAsync("customer-12", "Chained Person");
        await scope.AppendInteractionAsync("customer-13", "Kept Person");
        await using var app = NpgsqlDataSource.Create(scope.Database.AppConnectionString);
        (await new LogSealer(scope.Store, app).SealAsync("auditor")).ShouldBeOfType<SealOutcome.Sealed>();

        await scope.Erasure.EraseAsync(new ErasureRequest("customer-12", "admin", "Asked"));
        (await new LogSealer(scope.Store, app).SealAsync("auditor")).ShouldBeOfType<SealOutcome.Sealed>(); // the erasure's record too

        var verdict = await new LogVerifier(new SealLog(scope.Store), app).VerifyAsync();
        verdict.Intact.ShouldBeTrue(verdict.ToString());
    }

    [Fact]
    public async Task A_rebuild_of_the_reviews_after_the_erasure_holds_none_of_the_subjects_data()
    {
        await using var scope = await ErasureScope.CreateAsync("rebuilt");
        var erased = await scope.AppendInteractionAsync("customer-14", "Rebuilt Person");
        var kept = await scope.AppendInteractionAsync("customer-15", "Still Here");
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-14", "admin", "Asked"));

        using (var daemon = await scope.Store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<ProposalReviewProjection>(TimeSpan.FromMinutes(1), CancellationToken.None);

        await using var session = scope.Store.QuerySession();
        var reviews = await session.Query<ProposalReview>().ToListAsync();
        reviews.Single(r => r.StreamId == erased).AiContent.ShouldBe(SealedValue.Erased);
        reviews.Single(r => r.StreamId == kept).AiContent.ShouldBe("Dear Still Here, it ships tomorrow.");
        (await scope.ScalarTextAsync($"SELECT count(*) FROM {EventStoreConfiguration.Schema}.mt_doc_proposalreview WHERE data::text LIKE '%Rebuilt Person%'"))
            .ShouldBe("0");
    }

    [Fact]
    public async Task Erasing_again_is_harmless_an_unknown_subject_is_named_and_a_request_without_a_reason_writes_nothing()
    {
        await using var scope = await ErasureScope.CreateAsync("again");
        await scope.AppendInteractionAsync("customer-9", "Twice Erased");
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-9", "admin", "Asked"));

        (await scope.Erasure.EraseAsync(new ErasureRequest("customer-9", "admin", "Asked again")))
            .ShouldBeOfType<ErasureOutcome.AlreadyErased>().Earlier!.Reason.ShouldBe("Asked");
        (await scope.Erasure.EraseAsync(new ErasureRequest("nobody-known", "admin", "Asked")))
            .ShouldBeOfType<ErasureOutcome.UnknownSubject>();
        var invalid = (await scope.Erasure.EraseAsync(new ErasureRequest("customer-9", "admin", " "))).ShouldBeOfType<ErasureOutcome.Invalid>();
        invalid.Errors.Keys.ShouldBe(["reason"]);
        (await scope.Erasure.EraseAsync(new ErasureRequest("bad\nid", "admin", "Asked"))).ShouldBeOfType<ErasureOutcome.Invalid>().Errors.Keys.ShouldBe(["subjectId"]);

        (await scope.ScalarTextAsync($"SELECT count(*) FROM {Events} WHERE type = 'subject_erased'")).ShouldBe("1");
    }

    [Fact]
    public async Task Erasures_at_the_same_time_record_each_subject_once()
    {
        await using var scope = await ErasureScope.CreateAsync("concurrent");
        await scope.AppendInteractionAsync("customer-10", "Same Time");
        await scope.AppendInteractionAsync("customer-11", "Other Time");

        var outcomes = await Task.WhenAll(
            scope.Erasure.EraseAsync(new ErasureRequest("customer-10", "admin", "Asked")),
            scope.Erasure.EraseAsync(new ErasureRequest("customer-10", "admin", "Asked")),
            scope.Erasure.EraseAsync(new ErasureRequest("customer-11", "admin", "Asked")));

        outcomes.Count(outcome => outcome is ErasureOutcome.Erased).ShouldBeGreaterThanOrEqualTo(2);
        outcomes.ShouldAllBe(outcome => outcome is ErasureOutcome.Erased || outcome is ErasureOutcome.AlreadyErased);
        (await scope.ScalarTextAsync($"SELECT string_agg(data ->> 'subjectId', ',' ORDER BY data ->> 'subjectId') FROM {Events} WHERE type = 'subject_erased'"))
            .ShouldBe("customer-10,customer-11");
        var dump = await scope.DumpAsync();
        (ErasureScope.Holds(dump, "Same Time"), ErasureScope.Holds(dump, "Other Time")).ShouldBe((false, false));
    }

    [Fact]
    public async Task A_subject_seen_again_after_its_erasure_gets_a_new_key_and_a_second_erasure_erases_that()
    {
        await using var scope = await ErasureScope.CreateAsync("returning");
        await scope.AppendInteractionAsync("customer-5", "First Visit");
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-5", "admin", "Asked"));
        var later = await scope.AppendInteractionAsync("customer-5", "Second Visit");
        (await StreamEventReader.ReadAsync(scope.Store, later, 1, 1))[0].Data.ShouldBeOfType<InteractionStarted>().Input.ShouldBe("My name is Second Visit");

        var again = await scope.Erasure.EraseAsync(new ErasureRequest("customer-5", "admin", "Asked again"));

        again.ShouldBeOfType<ErasureOutcome.Erased>().Job.Events.ShouldBe(8);
        ErasureScope.Holds(await scope.DumpAsync(), "Second Visit").ShouldBeFalse();
        var listed = await scope.Erasure.ListAsync();
        listed.Select(job => (job.Id, job.Reason, job.Events, job.Done)).ShouldBe([("customer-5", "Asked again", 8L, true), ("customer-5", "Asked", 4L, true)]);
        (listed[0].CompletedAt, listed[1].CompletedAt).ShouldBe((again.ShouldBeOfType<ErasureOutcome.Erased>().Job.CompletedAt, null),
            "the earlier erasure is listed from its event; its completion went with the job the later one replaced");
    }

    [Fact]
    public async Task An_erasure_interrupted_after_it_was_recorded_is_completed_by_the_next_start()
    {
        await using var scope = await ErasureScope.CreateAsync("interrupted");
        await scope.AppendInteractionAsync("customer-3", "Crash Course");
        // A crash right after the request was recorded: the event and the pending job are written, nothing else.
        await scope.Erasure.RecordAsync(new ErasureRequest("customer-3", "admin", "Asked"), 4, 1, CancellationToken.None);
        ErasureScope.Holds(await scope.DumpAsync(), "Crash Course").ShouldBeTrue();

        (await scope.Erasure.CompletePendingAsync()).ShouldBe(1);

        ErasureScope.Holds(await scope.DumpAsync(), "Crash Course").ShouldBeFalse();
        (await scope.Erasure.CompletePendingAsync()).ShouldBe(0);
        await using var session = scope.Store.QuerySession();
        (await session.LoadAsync<SubjectErasureJob>("customer-3"))!.Done.ShouldBeTrue();
    }

    [Fact]
    public async Task The_clean_up_waits_for_transactions_that_could_still_read_the_old_rows_and_gives_up_leaving_the_erasure_pending()
    {
        await using var scope = await ErasureScope.CreateAsync("snapshot");
        await scope.AppendInteractionAsync("customer-2", "Long Reader");
        await using var reader = await scope.Owner.OpenConnectionAsync();
        await using var snapshot = await reader.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead);
        await using (var read = new NpgsqlCommand($"SELECT count(*) FROM {Events}", reader, snapshot))
            await read.ExecuteScalarAsync(); // the snapshot is taken: it may still read the reviews as they were

        var impatient = new SubjectErasure(scope.Store, scope.Owner) { RewritePatience = TimeSpan.FromSeconds(2) };
        (await impatient.EraseAsync(new ErasureRequest("customer-2", "admin", "Asked")))
            .ShouldBeOfType<ErasureOutcome.Incomplete>().Reason.ShouldContain("transactions begun before the erasure may still read the old rows (pid ");
        ErasureScope.Holds(await scope.DumpAsync(), "Long Reader").ShouldBeFalse(); // gone for every new reader,
        var waiting = scope.Erasure.CompletePendingAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        waiting.IsCompleted.ShouldBeFalse(); // but kept in the files while the old snapshot may read it

        await snapshot.CommitAsync();

        (await waiting).ShouldBe(1);
        var files = await scope.DataFilesAsync();
        files.Where(file => ErasureScope.Holds(file.Bytes, "Long Reader")).Select(file => file.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_clean_up_steps_back_from_a_table_an_open_transaction_read_and_finishes_once_it_ends()
    {
        await using var scope = await ErasureScope.CreateAsync("locked");
        await scope.AppendInteractionAsync("customer-1", "Locked Reader");
        await using var reader = await scope.Owner.OpenConnectionAsync();
        await using var open = await reader.BeginTransactionAsync();
        await using (var read = new NpgsqlCommand($"SELECT count(*) FROM {EventStoreConfiguration.Schema}.mt_doc_proposalreview", reader, open))
            await read.ExecuteScalarAsync(); // holds a lock the rewrite of the reviews must wait for

        var erasing = scope.Erasure.EraseAsync(new ErasureRequest("customer-1", "admin", "Asked"));
        await Task.Delay(TimeSpan.FromSeconds(3));
        erasing.IsCompleted.ShouldBeFalse();
        await using (var meanwhile = await scope.Owner.OpenConnectionAsync()) // other readers are not held up behind it
        await using (var count = new NpgsqlCommand($"SET statement_timeout = '1s'; SELECT count(*) FROM {EventStoreConfiguration.Schema}.mt_doc_proposalreview", meanwhile))
            (await count.ExecuteScalarAsync()).ShouldBe(1L);

        await open.CommitAsync();

        (await erasing).ShouldBeOfType<ErasureOutcome.Erased>().Job.Done.ShouldBeTrue();
        ErasureScope.Holds(await scope.DumpAsync(), "Locked Reader").ShouldBeFalse();
    }

    [Fact]
    public async Task Another_node_that_read_the_subjects_key_before_reads_erased_once_told_of_the_erasure()
    {
        await using var scope = await ErasureScope.CreateAsync("nodes");
        var stream = await scope.AppendInteractionAsync("customer-6", "Other Node");
        using var otherNode = Testing.TestStores.For(scope.Database);
        var otherErasure = new SubjectErasure(otherNode, scope.Owner);
        (await StreamEventReader.ReadAsync(otherNode, stream, 1, 1))[0].Data.ShouldBeOfType<InteractionStarted>().Input.ShouldBe("My name is Other Node");

        await scope.Erasure.EraseAsync(new ErasureRequest("customer-6", "admin", "Asked"));
        await otherErasure.ForgetAsync("customer-6"); // what the erasure's notification makes every node do

        (await StreamEventReader.ReadAsync(otherNode, stream, 1, 1))[0].Data.ShouldBeOfType<InteractionStarted>().Input.ShouldBe(SealedValue.Erased);
    }

    [Fact]
    public async Task The_app_role_may_add_keys_but_not_change_or_remove_one()
    {
        await using var scope = await ErasureScope.CreateAsync("keys");
        await scope.AppendInteractionAsync("customer-4", "Key Holder");
        await using var app = NpgsqlDataSource.Create(scope.Database.AppConnectionString);

        foreach (var sql in new[] { "UPDATE {0} SET key = NULL", "DELETE FROM {0}", "TRUNCATE {0}" })
        {
            await using var command = app.CreateCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, SubjectKeysTable.QualifiedName(EventStoreConfiguration.Schema)));
            (await Should.ThrowAsync<PostgresException>(() => command.ExecuteNonQueryAsync())).SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege);
        }
    }
}
