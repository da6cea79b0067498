using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Search;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Search;

/// <summary>Event search on real PostgreSQL: each filter, their combinations, keyset paging and the text match.</summary>
public sealed class EventSearchTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private readonly EventSearch _search = new(fixture.Store);

    private static string Token() => $"tok{Guid.NewGuid():N}"[..15];

    private async Task<AppendOutcome.Appended> AppendAsync(string stream, AppendRequest request, AppendContext? context = null) =>
        (await fixture.Appender.AppendAsync(stream, request, context ?? Api)).ShouldBeOfType<AppendOutcome.Appended>();

    private async Task<IReadOnlyList<EventHit>> HitsAsync(EventSearchFilter filter) => (await _search.SearchAsync(filter)).Hits;

    [Fact]
    public async Task Text_matches_a_substring_of_any_value_ignoring_case_but_not_the_keys()
    {
        var token = Token();
        var stream = $"s-{token}";
        await AppendAsync(stream, Batch(Started(), Generated("p1", $"Your REFUND{token.ToUpperInvariant()}X is on its way.")));

        var hits = await HitsAsync(new EventSearchFilter { Text = $"refund{token}x" });
        hits.Select(h => (h.StreamId, h.Version, h.Type)).ShouldBe([(stream, 2L, "proposal_generated")]);
        hits[0].Snippet.Match.ShouldBe($"REFUND{token.ToUpperInvariant()}X");
        hits[0].Snippet.Before.ShouldEndWith("Your ");
        hits[0].Snippet.After.ShouldStartWith(" is on its way.");

        (await HitsAsync(new EventSearchFilter { Text = "proposalId", Stream = stream })).ShouldBeEmpty();
        (await HitsAsync(new EventSearchFilter { Text = "p1", Stream = stream })).Select(h => h.Version).ShouldBe([2L]);
    }

    [Fact]
    public async Task Text_folds_the_case_of_letters_beyond_ASCII()
    {
        var token = Token();
        var stream = $"s-{token}";
        await AppendAsync(stream, Batch(Started(), Generated("p1", $"Die ÜBERWEISUNG-{token} an Frau ØSTERGÅRD ist unterwegs.")));

        (await HitsAsync(new EventSearchFilter { Text = $"überweisung-{token}" })).Select(h => h.StreamId).ShouldBe([stream]);
        (await HitsAsync(new EventSearchFilter { Text = "østergård", Stream = stream })).Select(h => h.Version).ShouldBe([2L]);
        (await HitsAsync(new EventSearchFilter { Text = $"uberweisung-{token}" })).ShouldBeEmpty("case is folded, accents are not dropped");
    }

    [Fact]
    public async Task Percent_underscore_and_backslash_in_the_text_match_themselves()
    {
        var token = Token();
        await AppendAsync($"s-{token}", Batch(Started(), Generated("p1", $"{token} 100% sure_thing \\ done")));

        (await HitsAsync(new EventSearchFilter { Text = $"{token} 100% sure_thing \\" })).Count.ShouldBe(1);
        (await HitsAsync(new EventSearchFilter { Text = $"{token} 1%0" })).ShouldBeEmpty();
        (await HitsAsync(new EventSearchFilter { Text = $"{token} 100% sure_" + "_" })).ShouldBeEmpty();
    }

    [Fact]
    public async Task Filters_by_type_actor_stream_correlation_and_time_and_combines_them()
    {
        var token = Token();
        var early = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var late = early.AddDays(2);
        await AppendAsync($"a-{token}", new AppendRequest([Started(), Generated("p1", token), Edited("p1", $"{token} edited", editor: "maria")],
            CorrelationId: $"corr-{token}"), new AppendContext("bot-a", "api", RecordedAt: early));
        await AppendAsync($"b-{token}", Batch(Started(), Generated("p1", token), Accepted("p1", by: "maria")),
            new AppendContext($"bot-{token}", "api", RecordedAt: late));
        var all = new EventSearchFilter { Text = token };

        (await HitsAsync(all)).Count.ShouldBe(3); // the starts and the acceptance hold no token
        (await HitsAsync(new EventSearchFilter { Types = ["proposal_edited", "proposal_accepted"], Stream = $"a-{token}" }))
            .Select(h => h.Type).ShouldBe(["proposal_edited"]);
        (await HitsAsync(new EventSearchFilter { Actor = "maria", CorrelationId = $"corr-{token}" }))
            .Select(h => (h.StreamId, h.Actor)).ShouldBe([($"a-{token}", "maria")]);
        (await HitsAsync(new EventSearchFilter { Actor = $"bot-{token}" })).Select(h => h.Version).ShouldBe([3L, 2L, 1L]);
        (await HitsAsync(new EventSearchFilter { Stream = $"b-{token}", Types = ["proposal_accepted"] }))
            .Single().Actor.ShouldBe("maria");
        (await HitsAsync(new EventSearchFilter { CorrelationId = $"corr-{token}" })).Count.ShouldBe(3);
        (await HitsAsync(all with { From = late })).Select(h => h.StreamId).Distinct().ShouldBe([$"b-{token}"]);
        (await HitsAsync(all with { To = early })).Select(h => h.StreamId).Distinct().ShouldBe([$"a-{token}"]);
        (await HitsAsync(all with { From = early.AddDays(1), To = late.AddDays(-0.5) })).ShouldBeEmpty();
        (await HitsAsync(all with { Types = ["proposal_generated"], From = early, To = late })).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Pages_newest_first_by_sequence_without_duplicates_or_gaps_in_both_directions()
    {
        var token = Token();
        for (var i = 0; i < 4; i++)
            await AppendAsync($"p{i}-{token}", Batch(Started(), Generated("p1", token), Edited("p1", token), Edited("p1", token), Edited("p1", token), Accepted("p1")));
        var filter = new EventSearchFilter { Text = token, PageSize = 3 };

        var older = new List<EventHit>();
        var page = await _search.SearchAsync(filter);
        page.Newer.ShouldBeNull();
        var pages = new List<EventSearchPage> { page };
        while (true)
        {
            older.AddRange(page.Hits);
            if (page.Older is not { } cursor) break;
            page = await _search.SearchAsync(filter with { Before = cursor });
            pages.Add(page);
        }
        older.Count.ShouldBe(16);
        older.Select(h => h.Sequence).ShouldBe(older.Select(h => h.Sequence).OrderDescending());
        older.Select(h => h.Sequence).Distinct().Count().ShouldBe(16);
        pages.Count.ShouldBe(6);

        // Back towards the newest: the same pages, in reverse.
        var newer = new List<EventHit>(page.Hits);
        while (page.Newer is { } cursor)
        {
            page = await _search.SearchAsync(filter with { After = cursor });
            newer.InsertRange(0, page.Hits);
        }
        newer.Select(h => h.Sequence).ShouldBe(older.Select(h => h.Sequence));
    }

    [Fact]
    public async Task Events_with_sealed_personal_fields_page_among_the_plain_ones_and_show_once()
    {
        var token = Token();
        for (var i = 0; i < 3; i++)
        {
            // A sealed stream's first event holds the token in a plain field (product) and a sealed one (input): both sides find it.
            await AppendAsync($"sealed{i}-{token}", Batch(
                Event("interaction_started", new { channel = "chat", product = token, input = $"I am {token}", subjectId = $"subject-{token}" }),
                Generated("p1", token)));
            await AppendAsync($"plain{i}-{token}", Batch(Started(token), Generated("p1", token)));
        }
        await using (var connection = new NpgsqlConnection(fixture.Database.AppConnectionString))
        {
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                $"SELECT count(*) FROM {EventStoreConfiguration.Schema}.{PersonalText.Name} WHERE subject_id = 'subject-{token}'", connection);
            Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture).ShouldBe(6, "the sealed events' text is in their personal text rows");
        }

        var hits = new List<EventHit>();
        var page = await _search.SearchAsync(new EventSearchFilter { Text = token, PageSize = 4 });
        hits.AddRange(page.Hits);
        while (page.Older is { } cursor)
        {
            page = await _search.SearchAsync(new EventSearchFilter { Text = token, PageSize = 4, Before = cursor });
            hits.AddRange(page.Hits);
        }

        hits.Count.ShouldBe(12);
        hits.Select(h => h.Sequence).ShouldBe(hits.Select(h => h.Sequence).Distinct().OrderDescending());
        hits.Count(h => h.StreamId.StartsWith("sealed", StringComparison.Ordinal)).ShouldBe(6);
        hits.ShouldAllBe(h => h.Snippet.Match.Equals(token, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Workbench_streams_are_found_only_when_the_filter_includes_them()
    {
        var token = Token();
        await using (var session = fixture.Store.LightweightSession())
        {
            session.Events.StartStream($"{WorkbenchStreams.Prefix}search-{token}", new ProjectionRebuilt(token, "auditor", 1, 1));
            await session.SaveChangesAsync();
        }

        (await HitsAsync(new EventSearchFilter { Text = token })).ShouldBeEmpty();
        (await HitsAsync(new EventSearchFilter { Text = token, IncludeWorkbenchStreams = true }))
            .Single().StreamId.ShouldBe($"{WorkbenchStreams.Prefix}search-{token}");
    }

    [Fact]
    public async Task Counts_the_matching_events_appended_after_a_sequence()
    {
        var token = Token();
        var first = await AppendAsync($"n-{token}", Batch(Started(), Generated("p1", token)));
        var seen = await _search.LatestSequenceAsync();
        seen.ShouldBeGreaterThanOrEqualTo(first.Events[^1].Sequence);
        await AppendAsync($"n-{token}", Batch(2, Edited("p1", token), Edited("p1", "no match here"), Accepted("p1")));

        (await _search.CountNewerAsync(new EventSearchFilter { Text = token }, seen)).ShouldBe(1);
        (await _search.CountNewerAsync(new EventSearchFilter { Stream = $"n-{token}" }, seen)).ShouldBe(3);
    }

    [Fact]
    public void Short_texts_need_a_stream_and_bad_combinations_name_their_parameter()
    {
        new EventSearchFilter { Text = "ab" }.Problems().Select(p => p.Parameter).ShouldBe(["text"]);
        new EventSearchFilter { Text = "ab", Stream = "s" }.Problems().ShouldBeEmpty();
        new EventSearchFilter { Text = new string('x', EventSearchFilter.MaxTextLength + 1) }.Problems().Select(p => p.Parameter).ShouldBe(["text"]);
        new EventSearchFilter { From = DateTimeOffset.UtcNow, To = DateTimeOffset.UtcNow.AddDays(-1) }.Problems().Select(p => p.Parameter).ShouldBe(["from"]);
        new EventSearchFilter { PageSize = 0 }.Problems().Select(p => p.Parameter).ShouldBe(["pageSize"]);
        new EventSearchFilter { Before = 5, After = 2 }.Problems().Select(p => p.Parameter).ShouldBe(["after"]);
    }

    [Fact]
    public async Task A_short_text_inside_one_stream_still_matches()
    {
        var token = Token();
        await AppendAsync($"short-{token}", Batch(Started(), Generated("p1", "Qz")));
        (await HitsAsync(new EventSearchFilter { Stream = $"short-{token}", Text = "qz" })).Select(h => h.Version).ShouldBe([2L]);
    }
}
