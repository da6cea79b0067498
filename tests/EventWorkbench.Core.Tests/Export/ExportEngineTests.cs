using System.Security.Cryptography;
using System.Text.Json;
using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Export;

/// <summary>Exports over a real store: which rows each format takes, curation, dedup, pinning to asOf, manifest and lineage.</summary>
public sealed class ExportEngineTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private readonly string _product = $"export-{Guid.NewGuid():N}";

    private ExportRequest Request(ExportFormat format) =>
        new() { Format = format, Filter = new ExportFilter { Proposals = new ProposalFilter { Product = _product } }, Ratios = new(1, 0, 0) };

    private async Task<string> StreamAsync(params EventWorkbench.Ingest.EventEnvelope[] events)
    {
        var stream = $"{_product}-{Guid.NewGuid():N}";
        (await fixture.Appender.AppendAsync(stream, Batch([Started(_product), .. events]), Api)).ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>();
        return stream;
    }

    private Task<ExportRun> ExportAsync(ExportRequest request) => ExportRun.OfAsync(fixture.Store, request);

    /// <summary>Four proposals: accepted unchanged, accepted edited, rejected then an accepted retry, pending.</summary>
    private async Task<string> MixedStreamAsync() => await StreamAsync(
        Generated("same", "Ships tomorrow."), Accepted("same"),
        Generated("edited", "It ship tomorow."), Edited("edited", "It ships tomorrow."), Accepted("edited"),
        Generated("wrong", "No idea."), Rejected("wrong", "unhelpful"),
        Generated("retry", "Tracking says Friday."), Accepted("retry"),
        Generated("open", "Maybe."));

    [Fact]
    public async Task Trl_sft_takes_accepted_proposals_with_the_human_final_after_the_prompt()
    {
        await MixedStreamAsync();

        var rows = (await ExportAsync(Request(ExportFormat.TrlSft))).Rows;

        rows.Count.ShouldBe(3);
        rows.ShouldAllBe(row => row.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "messages" }));
        var finals = rows.Select(row => row.GetProperty("messages").EnumerateArray().Last()).ToList();
        finals.ShouldAllBe(m => m.GetProperty("role").GetString() == "assistant");
        finals.Select(m => m.GetProperty("content").GetString()).ShouldBe(["Ships tomorrow.", "It ships tomorrow.", "Tracking says Friday."]);
        var prompt = rows[0].GetProperty("messages").EnumerateArray().Take(2).Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString()));
        prompt.ShouldBe([("system", "Be brief."), ("user", "Where is my parcel?")]);
    }

    [Fact]
    public async Task Trl_dpo_pairs_an_edit_with_its_ai_content_and_a_rejection_with_the_accepted_retry()
    {
        await MixedStreamAsync();

        var rows = (await ExportAsync(Request(ExportFormat.TrlDpo))).Rows;

        rows.Select(row => string.Join(",", row.EnumerateObject().Select(p => p.Name))).Distinct().ShouldBe(["prompt,chosen,rejected"]);
        rows.Select(row => (Side(row, "chosen"), Side(row, "rejected"))).ShouldBe(
            [("It ships tomorrow.", "It ship tomorow."), ("Tracking says Friday.", "No idea.")]);
    }

    [Fact]
    public async Task Trl_kto_labels_ai_content_true_only_when_accepted_unchanged()
    {
        await MixedStreamAsync();

        var rows = (await ExportAsync(Request(ExportFormat.TrlKto))).Rows;

        rows.Select(row => string.Join(",", row.EnumerateObject().Select(p => p.Name))).Distinct().ShouldBe(["prompt,completion,label"]);
        rows.Select(row => (Side(row, "completion"), row.GetProperty("label").GetBoolean())).ShouldBe(
            [("Ships tomorrow.", true), ("It ship tomorow.", false), ("No idea.", false), ("Tracking says Friday.", true)]);
    }

    [Fact]
    public async Task Openai_formats_have_their_documented_keys()
    {
        await MixedStreamAsync();

        var sft = (await ExportAsync(Request(ExportFormat.OpenaiSft))).Rows;
        var dpo = (await ExportAsync(Request(ExportFormat.OpenaiDpo))).Rows;

        sft.Count.ShouldBe(3);
        sft.ShouldAllBe(row => row.EnumerateObject().Select(p => p.Name).SequenceEqual(new[] { "messages" }));
        dpo.Count.ShouldBe(2);
        var first = dpo[0];
        first.EnumerateObject().Select(p => p.Name).ShouldBe(["input", "preferred_output", "non_preferred_output"]);
        first.GetProperty("input").EnumerateObject().Select(p => p.Name).ShouldBe(["messages"]);
        first.GetProperty("preferred_output").GetArrayLength().ShouldBe(1);
        Side(first, "preferred_output").ShouldBe("It ships tomorrow.");
        Side(first, "non_preferred_output").ShouldBe("It ship tomorow.");
        first.GetProperty("non_preferred_output")[0].GetProperty("role").GetString().ShouldBe("assistant");
    }

    [Fact]
    public async Task A_curation_exclude_removes_the_row_and_include_only_keeps_only_included_rows()
    {
        await StreamAsync(
            Generated("kept", "Ships Monday."), Accepted("kept"), Curated("kept", "include"),
            Generated("dropped", "Ships Tuesday."), Accepted("dropped"), Curated("dropped", "exclude"),
            Generated("unlabelled", "Ships Friday."), Accepted("unlabelled"));

        var all = await ExportAsync(Request(ExportFormat.TrlSft));
        var includeOnly = await ExportAsync(Request(ExportFormat.TrlSft) with { IncludeOnly = true });

        all.Rows.Count.ShouldBe(2);
        all.Text.ShouldNotContain("Ships Tuesday.");
        all.Manifest.Dropped.ExcludedByCuration.ShouldBe(1);
        includeOnly.Rows.Count.ShouldBe(1);
        includeOnly.Text.ShouldContain("Ships Monday.");
        includeOnly.Manifest.Dropped.ShouldBe(new DroppedRows(1, 1, 0, 0));
    }

    [Fact]
    public async Task A_whitespace_only_side_never_makes_a_row()
    {
        await StreamAsync(Generated("blank", "Ships Monday."), Edited("blank", "  \n\t "), Accepted("blank"));

        var sft = await ExportAsync(Request(ExportFormat.TrlSft));
        var dpo = await ExportAsync(Request(ExportFormat.TrlDpo));

        sft.Rows.ShouldBeEmpty();
        sft.Manifest.Dropped.EmptySide.ShouldBe(1);
        dpo.Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task Dedup_drops_rows_whose_normalised_content_was_written_and_counts_them()
    {
        await StreamAsync(Generated("a", "Ships Monday."), Accepted("a"));
        await StreamAsync(Generated("b", "  ships   MONDAY. "), Accepted("b"));
        await StreamAsync(Generated("c", "Ships Friday."), Accepted("c"));

        var deduped = await ExportAsync(Request(ExportFormat.TrlSft));
        var kept = await ExportAsync(Request(ExportFormat.TrlSft) with { Dedup = false });

        deduped.Rows.Count.ShouldBe(2);
        deduped.Manifest.Dropped.Duplicate.ShouldBe(1);
        kept.Rows.Count.ShouldBe(3);
        kept.Manifest.Dropped.Duplicate.ShouldBe(0);
    }

    [Fact]
    public async Task The_same_request_at_the_same_asOf_is_byte_identical_after_later_edits_curations_and_corrections()
    {
        var stream = await MixedStreamAsync();
        var asOf = await new DatasetExporter(fixture.Store).ResolveAsOfAsync(null);
        ExportRequest[] requests =
        [
            Request(ExportFormat.TrlSft) with { AsOf = asOf }, Request(ExportFormat.TrlDpo) with { AsOf = asOf },
            Request(ExportFormat.TrlKto) with { AsOf = asOf, Container = ExportContainer.JsonlGz },
            Request(ExportFormat.ReviewCsv) with { AsOf = asOf }, Request(ExportFormat.Events) with { AsOf = asOf, Filter = new() },
        ];
        var before = new List<ExportRun>();
        foreach (var request in requests) before.Add(await ExportAsync(request));

        await fixture.Appender.AppendAsync(stream, Batch(
            Edited("open", "Definitely Friday."), Accepted("open"), Curated("same", "exclude"),
            Corrected(4, new { content = "It shipped tomorow." }), Generated("late", "Late one."), Accepted("late")), Api);
        await StreamAsync(Generated("other", "Another stream."), Accepted("other"));

        for (var i = 0; i < requests.Length; i++)
        {
            var again = await ExportAsync(requests[i]);
            again.Data.ShouldBe(before[i].Data, $"{requests[i].Format} data");
            again.Lineage.ShouldBe(before[i].Lineage, $"{requests[i].Format} lineage");
            JsonSerializer.Serialize(again.Manifest, ExportLog.ManifestJson).ShouldBe(JsonSerializer.Serialize(before[i].Manifest, ExportLog.ManifestJson));
        }
        (await ExportAsync(Request(ExportFormat.TrlSft))).Rows.Count.ShouldBe(5, "the latest asOf sees the new rows and the exclusion");
    }

    [Fact]
    public async Task An_asOf_beyond_the_log_is_an_error_naming_it()
    {
        var highWaterMark = await new DatasetExporter(fixture.Store).ResolveAsOfAsync(null);

        var error = await Should.ThrowAsync<AsOfBeyondLogException>(() => ExportAsync(Request(ExportFormat.TrlSft) with { AsOf = highWaterMark + 1000 }));

        error.Message.ShouldContain($"asOf {highWaterMark + 1000}");
    }

    [Fact]
    public async Task The_manifest_states_counts_and_the_sha256_of_each_file_and_lineage_maps_every_row_to_its_events()
    {
        var stream = await MixedStreamAsync();

        var run = await ExportAsync(Request(ExportFormat.TrlDpo) with { Container = ExportContainer.JsonlGz });

        run.Manifest.Format.ShouldBe("trl-dpo");
        run.Manifest.Container.ShouldBe("jsonl.gz");
        run.Manifest.FormatVersion.ShouldBe(ExportNames.FormatVersion);
        run.Manifest.Filters.ShouldBe(new Dictionary<string, string> { ["product"] = _product });
        run.Manifest.Rows.ShouldBe(new SplitCounts(2, 0, 0));
        run.Manifest.Files.Select(f => f.Name).ShouldBe(["trl-dpo.all.jsonl.gz", "lineage.jsonl"]);
        run.Manifest.Files[0].Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(run.Data)));
        run.Manifest.Files[1].Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(run.Lineage)));
        ExportRun.Lines(ExportRun.Gunzip(run.Data)).Count.ShouldBe(2);

        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(stream);
        long SequenceAt(long version) => events.Single(e => e.Version == version).Sequence;
        var lineage = run.LineageRows;
        lineage.Count.ShouldBe(2);
        lineage[1].GetProperty("row").GetInt64().ShouldBe(2);
        lineage[1].GetProperty("streamId").GetString().ShouldBe(stream);
        lineage[1].GetProperty("proposalIds").EnumerateArray().Select(p => p.GetString()).ShouldBe(["wrong", "retry"]);
        // The start, the rejected generation and rejection (versions 1, 7, 8), the retry and its acceptance (9, 10).
        lineage[1].GetProperty("sequences").EnumerateArray().Select(s => s.GetInt64())
            .ShouldBe(new long[] { 1, 7, 8, 9, 10 }.Select(SequenceAt));
    }

    [Fact]
    public async Task Filters_apply_to_the_rows_tags_quality_and_reviewer_included()
    {
        await StreamAsync(
            Generated("tagged", "Ships Monday.", model: "gpt-y"), Accepted("tagged", by: "bea"), Curated("tagged", "include", 5, ["tone"]),
            Generated("plain", "Ships Friday.", model: "gpt-x"), Accepted("plain", by: "ana"));
        ExportRequest With(ExportFilter filter) => Request(ExportFormat.TrlSft) with
        {
            Filter = filter with { Proposals = filter.Proposals with { Product = _product } },
        };

        (await ExportAsync(With(new ExportFilter { Proposals = new ProposalFilter { Model = "gpt-y" } }))).Rows.Count.ShouldBe(1);
        (await ExportAsync(With(new ExportFilter { Tags = ["tone"] }))).Text.ShouldContain("Ships Monday.");
        (await ExportAsync(With(new ExportFilter { MinQuality = 4 }))).Rows.Count.ShouldBe(1);
        (await ExportAsync(With(new ExportFilter { Reviewer = "ana" }))).Text.ShouldContain("Ships Friday.");
        (await ExportAsync(With(new ExportFilter { Proposals = new ProposalFilter { Outcome = ProposalOutcome.Rejected } }))).Rows.ShouldBeEmpty();
    }

    [Fact]
    public async Task Splits_put_every_row_of_a_stream_in_one_split_and_a_split_file_holds_only_its_rows()
    {
        for (var i = 0; i < 12; i++) await StreamAsync(Generated($"p{i}", $"Answer {i}."), Accepted($"p{i}"), Generated($"q{i}", $"More {i}."), Accepted($"q{i}"));
        var ratios = new SplitRatios(0.5, 0.25, 0.25);

        var all = await ExportAsync(Request(ExportFormat.TrlSft) with { Ratios = ratios, Seed = 7 });
        var train = await ExportAsync(Request(ExportFormat.TrlSft) with { Ratios = ratios, Seed = 7, Split = DatasetSplit.Train });

        all.LineageRows.GroupBy(row => row.GetProperty("streamId").GetString())
            .ShouldAllBe(g => g.Select(row => row.GetProperty("split").GetString()).Distinct().Count() == 1);
        all.Manifest.Rows.Total.ShouldBe(24);
        train.Manifest.Rows.ShouldBe(all.Manifest.Rows);
        train.Rows.Count.ShouldBe((int)all.Manifest.Rows.Train);
        train.LineageRows.ShouldAllBe(row => row.GetProperty("split").GetString() == "train");
    }

    [Fact]
    public async Task Events_export_writes_every_event_with_its_metadata_and_leaves_out_the_workbench_streams()
    {
        var stream = await MixedStreamAsync();
        await new ExportLog(fixture.Store).RecordAsync((await ExportAsync(Request(ExportFormat.TrlSft))).Manifest, "ml-ana");

        var rows = (await ExportAsync(Request(ExportFormat.Events) with { Filter = new() })).Rows;

        rows.ShouldNotContain(row => row.GetProperty("streamId").GetString()!.StartsWith(WorkbenchStreams.Prefix));
        var mine = rows.Where(row => row.GetProperty("streamId").GetString() == stream).ToList();
        mine.Count.ShouldBe(11);
        mine[0].EnumerateObject().Select(p => p.Name).ShouldBe(
            ["sequence", "streamId", "version", "type", "id", "timestamp", "actor", "correlationId", "causationId", "headers", "data"]);
        mine[0].GetProperty("type").GetString().ShouldBe("interaction_started");
        mine[0].GetProperty("actor").GetString().ShouldBe("test-client");
        mine[0].GetProperty("headers").GetProperty("source").GetString().ShouldBe("api");
        mine[0].GetProperty("data").GetProperty("product").GetString().ShouldBe(_product);
        rows.Select(row => row.GetProperty("sequence").GetInt64()).ShouldBeInOrder();
    }

    [Fact]
    public async Task Each_recorded_export_is_a_dataset_exported_event_with_who_and_the_manifest()
    {
        await MixedStreamAsync();
        var manifest = (await ExportAsync(Request(ExportFormat.TrlSft))).Manifest;

        var recorded = await new ExportLog(fixture.Store).RecordAsync(manifest, "ml-ana");

        var stored = (await new ExportLog(fixture.Store).ListAsync()).First(e => e.ExportId == recorded.ExportId);
        stored.By.ShouldBe("ml-ana");
        stored.AsOfSequence.ShouldBe(manifest.AsOf);
        stored.Sha256.ShouldBe(manifest.Files[0].Sha256);
        stored.Manifest!.Value.GetProperty("rows").GetProperty("train").GetInt64().ShouldBe(3);
        stored.Manifest!.Value.GetProperty("filters").GetProperty("product").GetString().ShouldBe(_product);
    }

    private static string? Side(JsonElement row, string name) => row.GetProperty(name)[0].GetProperty("content").GetString();
}
