using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Audit;
using EventWorkbench.Evidence;
using EventWorkbench.Tests.Ingest;
using EventWorkbench.Tests.Why;
using EventWorkbench.Why;
using Npgsql;

namespace EventWorkbench.Tests.Evidence;

public sealed class EvidencePackTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;
    private EvidencePacks _packs = null!;

    public Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(fixture.Database.AppConnectionString);
        _packs = new EvidencePacks(fixture.Store, _dataSource, new WhyQueries(fixture.Store, _dataSource), TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<(EvidenceBundle Bundle, string Stream)> StreamBundleAsync()
    {
        var (stream, _, _, _) = await WhyStreams.AppendAsync(fixture.Appender);
        var bundle = await _packs.BuildAsync(new EvidenceScope(EvidenceScopeKind.Stream, StreamId: stream), "auditor");
        bundle.ShouldNotBeNull();
        return (bundle, stream);
    }

    [Fact]
    public async Task A_stream_bundle_holds_every_event_with_its_canonical_columns_and_its_digest_is_the_canonical_digest()
    {
        var (bundle, stream) = await StreamBundleAsync();

        var rows = await CanonicalEvents.ReadAsync(_dataSource, new CanonicalEvents.Selection(StreamId: stream)).ToListAsync();
        using var digest = new CanonicalEvents.Digest();
        foreach (var row in rows) digest.Add(row);
        bundle.Digest.ShouldBe(new EvidenceDigest("SHA-256", 12, digest.Hex()));
        bundle.Events.Select(e => e.Sequence).ShouldBe(rows.Select(r => r.Sequence));
        for (var i = 0; i < rows.Count; i++)
        {
            CanonicalColumns.Encode(bundle.Events[i].Canonical).ShouldBe(rows[i].Bytes);
            bundle.Events[i].Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(rows[i].Bytes)));
        }
        var rejected = bundle.Events[4];
        (rejected.Type, rejected.Actor, rejected.CausationId).ShouldBe(("proposal_rejected", "ana", "p1"));
        rejected.Data.GetProperty("reason").GetString().ShouldBe("Wrong date.");
        rejected.Headers!.Value.GetProperty("source").GetString().ShouldBe("ui");
        bundle.Timeline.Count.ShouldBe(12);
        bundle.Timeline[6].Changes.ShouldContain(c => c.Path == "$.proposals.p2.edits[0]");
        bundle.Deltas.Select(d => (d.ProposalId, d.Outcome)).ShouldBe([("p1", "rejected"), ("p2", "accepted_edited"), ("unrelated", "pending")]);
        bundle.Deltas[1].Edits.Single().Editor.ShouldBe("ana");
    }

    [Fact]
    public async Task A_proposal_bundle_holds_its_causal_chain_and_the_linked_events_and_a_correlation_bundle_its_correlation()
    {
        var (stream, other, correlation, _) = await WhyStreams.AppendAsync(fixture.Appender);

        var proposal = await _packs.BuildAsync(new EvidenceScope(EvidenceScopeKind.Proposal, stream, "p2"), null);
        var correlated = await _packs.BuildAsync(new EvidenceScope(EvidenceScopeKind.Correlation, CorrelationId: correlation), null);

        proposal!.Events.Select(e => (e.StreamId, e.Version)).ShouldBe(
            Enumerable.Range(1, 11).Select(v => (stream, (long)v)).Concat([(other, 1L), (other, 2L)]));
        proposal.Deltas.Select(d => d.ProposalId).ShouldBe(["p1", "p2"]);
        correlated!.Events.Select(e => (e.StreamId, e.Version)).ShouldBe(
            Enumerable.Range(1, 12).Select(v => (stream, (long)v)).Append((other, 1L)));
        (await _packs.BuildAsync(new EvidenceScope(EvidenceScopeKind.Proposal, stream, "nope"), null)).ShouldBeNull();
        (await _packs.BuildAsync(new EvidenceScope(EvidenceScopeKind.Correlation, CorrelationId: "no-such-correlation"), null)).ShouldBeNull();
    }

    [Fact]
    public async Task An_untouched_bundle_read_back_from_its_json_verifies()
    {
        var (bundle, _) = await StreamBundleAsync();

        var verdict = await VerifyAsync(JsonSerializer.SerializeToNode(bundle, EvidenceBundleReader.Json)!);

        verdict.Verified.ShouldBeTrue(verdict.Summary);
        verdict.FirstDifference.ShouldBeNull();
        verdict.StoreDigest.ShouldBe(bundle.Digest.Sha256);
        verdict.RecomputedBundleDigest.ShouldBe(bundle.Digest.Sha256);
    }

    [Fact]
    public async Task Data_changed_in_the_bundle_names_that_event()
    {
        var (bundle, _) = await StreamBundleAsync();
        var json = Node(bundle);
        json["events"]![4]!["data"]!["reason"] = "Right date.";

        var verdict = await VerifyAsync(json);

        verdict.Verified.ShouldBeFalse();
        verdict.FirstDifference!.Kind.ShouldBe(EvidenceDifferenceKind.ChangedInBundle);
        (verdict.FirstDifference.Sequence, verdict.FirstDifference.Version).ShouldBe((bundle.Events[4].Sequence, 5L));
        verdict.FirstDifference.Detail.ShouldContain("data differ from its canonical columns");
    }

    [Fact]
    public async Task A_canonical_column_changed_with_its_hash_is_named_as_differing_from_the_store()
    {
        var (bundle, _) = await StreamBundleAsync();
        var json = Node(bundle);
        var e = json["events"]![6]!;
        e["canonical"]!["user_name"] = "mallory";
        e["actor"] = "mallory";
        var columns = JsonSerializer.Deserialize<Dictionary<string, string?>>(e["canonical"]!.ToJsonString())!;
        e["sha256"] = EvidencePacks.Sha256Of(CanonicalColumns.Encode(columns));

        var verdict = await VerifyAsync(json);

        verdict.FirstDifference!.Kind.ShouldBe(EvidenceDifferenceKind.ChangedInStore);
        verdict.FirstDifference.Version.ShouldBe(7);
    }

    [Fact]
    public async Task An_event_removed_from_the_bundle_is_named_as_missing()
    {
        var (bundle, _) = await StreamBundleAsync();
        var json = Node(bundle);
        json["events"]!.AsArray().RemoveAt(2);

        var verdict = await VerifyAsync(json);

        verdict.FirstDifference!.Kind.ShouldBe(EvidenceDifferenceKind.MissingFromBundle);
        (verdict.FirstDifference.Sequence, verdict.FirstDifference.Type).ShouldBe((bundle.Events[2].Sequence, "path_chosen"));
        verdict.StoreEvents.ShouldBe(12);
        verdict.BundleEvents.ShouldBe(11);
    }

    [Fact]
    public async Task An_event_added_to_the_bundle_is_named_as_extra()
    {
        var (bundle, _) = await StreamBundleAsync();
        var json = Node(bundle);
        var added = json["events"]![11]!.DeepClone();
        var sequence = bundle.Events[^1].Sequence + 1_000_000;
        added["sequence"] = sequence;
        added["version"] = 13;
        added["canonical"]!["seq_id"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
        added["canonical"]!["version"] = "13";
        json["events"]!.AsArray().Add(added);

        var verdict = await VerifyAsync(json);

        verdict.FirstDifference!.Kind.ShouldBe(EvidenceDifferenceKind.ExtraInBundle);
        (verdict.FirstDifference.Sequence, verdict.FirstDifference.Version).ShouldBe((sequence, 13L));
    }

    [Fact]
    public async Task A_changed_digest_is_named_when_every_event_matches()
    {
        var (bundle, _) = await StreamBundleAsync();
        var json = Node(bundle);
        json["digest"]!["sha256"] = new string('0', 64);

        var verdict = await VerifyAsync(json);

        verdict.FirstDifference!.Kind.ShouldBe(EvidenceDifferenceKind.DigestChanged);
        verdict.RecomputedBundleDigest.ShouldBe(bundle.Digest.Sha256);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "format": "something-else", "events": [] }""")]
    [InlineData("""[1, 2]""")]
    public async Task A_malformed_bundle_is_refused_with_its_problems(string body)
    {
        var (bundle, problems) = await EvidenceBundleReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(body)));

        bundle.ShouldBeNull();
        problems.ShouldNotBeEmpty();
    }

    private static JsonNode Node(EvidenceBundle bundle) => JsonSerializer.SerializeToNode(bundle, EvidenceBundleReader.Json)!;

    private async Task<EvidenceVerdict> VerifyAsync(JsonNode json)
    {
        var (read, problems) = await EvidenceBundleReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json.ToJsonString())));
        read.ShouldNotBeNull(string.Join("; ", problems));
        return await new EvidenceVerifier(_packs).VerifyAsync(read);
    }
}
