using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using Marten;
using Xunit.Abstractions;

namespace EventWorkbench.Tests.Export;

/// <summary>One store for the equivalence tests, built once.</summary>
public sealed class GoldenStoreFixture : IAsyncLifetime
{
    public DocumentStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await GoldenStore.CreateAsync();

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>
/// Every format in every container, and the filters, splits, dedup, include-only and a pinned <c>asOf</c>, over
/// <see cref="GoldenStore"/>: the data, lineage, manifest and card must hash to the recorded SHA-256s, so a past
/// export re-created by any later version of the exporter is the same file, byte for byte.
/// </summary>
public sealed class ExportEquivalenceTests(GoldenStoreFixture fixture, ITestOutputHelper output) : IClassFixture<GoldenStoreFixture>
{
    private static readonly IReadOnlyDictionary<string, string> Recorded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Events/Jsonl"] = "686930b9107eb8f865c74ddab84abb09fa739a0f943e2216d5830c11694ae908",
        ["Events/JsonlGz"] = "06ac3389d62e3217af1821ad13e8a99245451756bded2ff745dc76954c90a3f0",
        ["Events/Parquet"] = "1dbb22ef70f74425d46b735f61c2dc0adbde3cd76471b39a1bbc74128d8c90f2",
        ["OpenaiDpo/Jsonl"] = "b28b65a3ee93b9d5de84ed4250c27077495d5d834177ffb5f9579ac39c5c4f18",
        ["OpenaiDpo/JsonlGz"] = "ad9acccd6c4aca51a5b29e6c158b476b2e3c036c7ba661e08b5ea17be0c7fc9d",
        ["OpenaiDpo/Parquet"] = "1ad590dd6442b9a9eb5cedde1b1fab06b93c31909428b0258fdd8a2e32521fba",
        ["OpenaiSft/Jsonl"] = "f955230cb733e21eed113ca753751a30871e54a7f1674b3b37ca7808242d4c46",
        ["OpenaiSft/JsonlGz"] = "13cf8c08f82825b4a6ec8c47802ef200853cdd4ef2e81517cf5e1d897beddbe1",
        ["OpenaiSft/Parquet"] = "9888ec77879a3f0cd4d5d6b121ca8df3e71b2610177c43a16d36c4fe38097638",
        ["ReviewCsv/Jsonl"] = "0d3b69aa989588976ebfda770fb61096da6db7161f151f6461b387f2b850b78b",
        ["ReviewCsv/JsonlGz"] = "0d3b69aa989588976ebfda770fb61096da6db7161f151f6461b387f2b850b78b",
        ["ReviewCsv/Parquet"] = "0d3b69aa989588976ebfda770fb61096da6db7161f151f6461b387f2b850b78b",
        ["TrlDpo/Jsonl"] = "1e759cf872f7a995ca16acfe82c758184beb202db66b6944bf14694acd485f55",
        ["TrlDpo/JsonlGz"] = "a056321d4bba90aaf96cc727f0701a2028f250d00675864f8ce1790cb179570a",
        ["TrlDpo/Parquet"] = "054497b09f917cded26e5e60bc9f5f47273e526fafe6c7e10ba652e8a533fc3c",
        ["TrlKto/Jsonl"] = "5da61a1d61820ae6d8e5dc16d000ea4bb659d90454f2ed70075fff3e9d1ee99f",
        ["TrlKto/JsonlGz"] = "0333cfe02adca220bead91d69efaeb1bc44462d4606b53a8885ce18ff20e3d26",
        ["TrlKto/Parquet"] = "01c837b2392490751ec00717948f16b8341d4cbd7794a809179fe0f3f81f1c48",
        ["TrlSft/Jsonl"] = "01f39b3b56808b676c937d7afa7b72b40e5c48421b765de50da1b6451fd919d3",
        ["TrlSft/JsonlGz"] = "bb29144ac4a8b0f53521b01466c419b2080d9a2ba0f13e2ee8ef9fa231f6520f",
        ["TrlSft/Parquet"] = "3a438e811796f09ab40efbd5df51eb421e8a82b3322daaf022756c14448011f3",
        ["csv/as-of-2530"] = "8284cbb58ccf3cdf06ec72eaf391fb821b7ef9cb6b54d6956a53794bfade7b76",
        ["csv/category"] = "c2c0ddf120551443749c62121aeebb826153b28bf54db01c286a1782f3b9d7e7",
        ["dpo/reviewer"] = "f913ae49573cc9ea1b566cf5bf517a3001520efd1996d8d602eaf456dd1a2f67",
        ["dpo/similarity"] = "9ff75127bbc988bdaf6c61086060e6b30cd6d3d5bc4999c387420a203e1ce1d9",
        ["events/as-of-2510"] = "f9e84862230bbf530ef5618856661be215b3b80ed9f56e4418244550ee574aa9",
        ["kto/as-of-2510"] = "3441f28e675ed86dddb58b7146e8bd553bfe72d4650b97c8e654d2357c782245",
        ["kto/outcome-product"] = "acafbcf90700ea7f9ff81d9b3e8c60465e6e5fae5964e9e76fdd11e337411276",
        ["openai-dpo/test-parquet"] = "8a15926eb960dfbc9590e69d498a6ceb78128baf9d4de2328badda706f4a6d6f",
        ["sft/as-of-1500"] = "c9a8985e87414e8cf7131673c129316bcdcd421f883a16ccd63bbe88665d0051",
        ["sft/category"] = "c2fb2926dde4c64922f16791349b98a91aa6fb1c9c4d8ba902833bfd3528ca79",
        ["sft/curated-verdict"] = "8b13e427deec955ba6218ad6c234f9d56f287f7a576924970aeb4acb40658db9",
        ["sft/dates"] = "f75703163d663ec09254f6b628f2346f31fbddf13ea2a6b4ab5bb08025d5d181",
        ["sft/include-only"] = "203d04fc6cb75a0657e5319b1747e3a2a031237b260a13a3ff7a7e52fd84c65b",
        ["sft/model-prompt"] = "ec04dad5bfbdce777ccb56cf86e558b2d9824b63fc6e944d1990549441c95192",
        ["sft/no-dedup"] = "2ad50cab5809396182bae40e79dc3c280c03a8b01d35fe7e38c4744fc12000a3",
        ["sft/similarity"] = "b2f384ab9790e0d13ead92502d2fe75c77030361dd2ba68aad14f62472f3ea9b",
        ["sft/tags-quality-reviewer"] = "d5ad813409410d420c5da35a1045c8199eadadd0d68c45bdd086f23126cc38de",
        ["sft/text"] = "601ba7e6387172708013a87240b6c45e97dc498309534e42f86c30763713e6d6",
        ["sft/uncurated"] = "74f9e3036a6b5bd0c4aa1df30200792a41f3ca51487855c21855cb95d5231e67",
        ["sft/validation-seed"] = "c44ee74ba983e972cf864701b8251c1e71f0487af86894901a48f57d1353cd7d",
    };

    private static IEnumerable<(string Name, ExportRequest Request)> Cases()
    {
        foreach (var format in Enum.GetValues<ExportFormat>())
        foreach (var container in Enum.GetValues<ExportContainer>())
            yield return ($"{format}/{container}", new ExportRequest { Format = format, Container = container });

        static ExportRequest Sft(ProposalFilter? proposals = null) => new() { Filter = new ExportFilter { Proposals = proposals ?? new() } };
        yield return ("sft/category", Sft(new() { Category = "minor_wording" }));
        yield return ("sft/similarity", Sft(new() { MinSimilarity = 0.3, MaxSimilarity = 0.95 }));
        yield return ("csv/category", new ExportRequest { Format = ExportFormat.ReviewCsv, Filter = new() { Proposals = new() { Category = "substantial_rewrite" } } });
        yield return ("dpo/similarity", new ExportRequest { Format = ExportFormat.TrlDpo, Filter = new() { Proposals = new() { MaxSimilarity = 0.8 } } });
        yield return ("kto/outcome-product", new ExportRequest
        {
            Format = ExportFormat.TrlKto, Filter = new() { Proposals = new() { Outcome = ProposalOutcome.AcceptedEdited, Product = "golden-shop-fixed" } },
        });
        yield return ("sft/model-prompt", Sft(new() { Model = "gpt-fixed", PromptVersion = "v9" }));
        yield return ("sft/curated-verdict", Sft(new() { Curated = true, Verdict = CurationVerdict.Include }));
        yield return ("sft/uncurated", Sft(new() { Curated = false }));
        yield return ("sft/dates", Sft(new() { GeneratedFrom = new DateTimeOffset(2025, 1, 6, 10, 0, 0, TimeSpan.Zero), GeneratedTo = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero) }));
        yield return ("sft/text", Sft(new() { Text = "TRACKING" }));
        yield return ("sft/tags-quality-reviewer", new ExportRequest { Filter = new() { Tags = ["sft"], MinQuality = 4, MaxQuality = 5 } });
        yield return ("dpo/reviewer", new ExportRequest { Format = ExportFormat.TrlDpo, Filter = new() { Reviewer = "bo" } });
        yield return ("sft/include-only", new ExportRequest { IncludeOnly = true });
        yield return ("sft/no-dedup", new ExportRequest { Dedup = false });
        yield return ("sft/validation-seed", new ExportRequest { Split = DatasetSplit.Validation, Seed = 42, Ratios = new(0.5, 0.3, 0.2) });
        yield return ("openai-dpo/test-parquet", new ExportRequest { Format = ExportFormat.OpenaiDpo, Container = ExportContainer.Parquet, Split = DatasetSplit.Test });
        yield return ("sft/as-of-1500", new ExportRequest { AsOf = 1500 });
        yield return ("kto/as-of-2510", new ExportRequest { Format = ExportFormat.TrlKto, AsOf = 2510 });
        yield return ("events/as-of-2510", new ExportRequest { Format = ExportFormat.Events, AsOf = 2510 });
        yield return ("csv/as-of-2530", new ExportRequest { Format = ExportFormat.ReviewCsv, AsOf = 2530 });
    }

    [Fact]
    public async Task Every_export_hashes_to_its_recorded_sha256()
    {
        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, request) in Cases()) actual[name] = await HashAsync(request);

        output.WriteLine(string.Join("\n", actual.Select(pair => $"        [\"{pair.Key}\"] = \"{pair.Value}\",")));
        actual.Keys.ShouldBe(Recorded.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, hash) in actual) hash.ShouldBe(Recorded[name], name);
    }

    [Fact]
    public async Task Counting_gives_the_exports_counts_and_writes_its_first_rows_only()
    {
        foreach (var (name, request) in Cases().Where(c => !c.Name.EndsWith("/JsonlGz", StringComparison.Ordinal) && !c.Name.EndsWith("/Parquet", StringComparison.Ordinal)))
        {
            using var data = new MemoryStream();
            var manifest = await new DatasetExporter(fixture.Store).WriteAsync(request with { Container = ExportContainer.Jsonl }, data, Stream.Null);
            using var firstRows = new MemoryStream();

            var counts = await new DatasetExporter(fixture.Store).CountAsync(request, firstRows, 3);

            counts.ShouldBe(new ExportCounts(manifest.Rows, manifest.Dropped, manifest.Files[0].Rows), name);
            var lineBreak = request.Format == ExportFormat.ReviewCsv ? "\r\n" : "\n";
            var expected = Encoding.UTF8.GetString(data.ToArray()).Split(lineBreak).Take(request.Format == ExportFormat.ReviewCsv ? 4 : 3);
            Encoding.UTF8.GetString(firstRows.ToArray()).ShouldStartWith(string.Join(lineBreak, expected), customMessage: name, caseSensitivity: Case.Sensitive);
            firstRows.Length.ShouldBeLessThanOrEqualTo(data.Length, customMessage: name);
        }
    }

    /// <summary>SHA-256 over the data, the lineage, the manifest (as JSON) and the dataset card, each length-prefixed.</summary>
    private async Task<string> HashAsync(ExportRequest request)
    {
        using var data = new MemoryStream();
        using var lineage = new MemoryStream();
        var facts = new DatasetFacts();
        var manifest = await new DatasetExporter(fixture.Store).WriteAsync(request, data, lineage, facts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[]
        {
            data.ToArray(), lineage.ToArray(), JsonSerializer.SerializeToUtf8Bytes(manifest), Encoding.UTF8.GetBytes(DatasetCard.Write(manifest, facts, request)),
        })
        {
            hash.AppendData(BitConverter.GetBytes((long)part.Length));
            hash.AppendData(part);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
