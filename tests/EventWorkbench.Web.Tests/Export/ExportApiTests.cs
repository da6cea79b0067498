using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventWorkbench.Export;
using EventWorkbench.Streams;
using EventWorkbench.Web.Tests.Api;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Export;

public sealed class ExportApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _exporter = host.Client(ApiHost.ExportKey);
    private readonly string _product = $"ex-{Guid.NewGuid():N}"[..16];

    private static string Generated(string proposalId, string content) =>
        $$"""{ "type": "proposal_generated", "data": { "proposalId": "{{proposalId}}", "model": "gpt-x", "messages": [ { "role": "user", "content": "Where?" } ], "content": "{{content}}", "contentType": "text" } }""";

    private static string Edited(string proposalId, string content) =>
        $$"""{ "type": "proposal_edited", "data": { "proposalId": "{{proposalId}}", "editor": "ana", "content": "{{content}}" } }""";

    private static string Decided(string type, string proposalId) =>
        $$"""{ "type": "{{type}}", "data": { "proposalId": "{{proposalId}}", "by": "ana" } }""";

    private async Task SeedAsync()
    {
        async Task Post(string stream, params string[] events) =>
            (await _writer.PostEventsAsync(stream, Batch(events))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Post($"{_product}-a", Started(_product), Generated("p", "Alpha."), Decided("proposal_accepted", "p"));
        await Post($"{_product}-b", Started(_product), Generated("p", "Beta."), Edited("p", "Beta, better."), Decided("proposal_accepted", "p"));
        await Post($"{_product}-c", Started(_product), Generated("p", "=cmd()"), Decided("proposal_rejected", "p"));
    }

    private static List<JsonElement> Lines(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public async Task An_export_streams_the_rows_and_is_recorded_as_dataset_exported_with_its_manifest()
    {
        await SeedAsync();

        var response = await _exporter.GetAsync($"/api/exports/trl-sft?product={_product}", HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.ShouldBeNull("streamed in chunks, not buffered to learn its length");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("trl-sft.all.jsonl");
        var asOf = long.Parse(response.Headers.GetValues("X-Export-As-Of").Single(), System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Lines(bytes).Select(row => row.GetProperty("messages")[1].GetProperty("content").GetString()).ShouldBe(["Alpha.", "Beta, better."]);

        var store = host.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(WorkbenchStreams.Exports)).Select(e => (e.Data as DatasetExported, e.UserName))
            .Last(e => e.Item1!.Sha256 == Convert.ToHexStringLower(SHA256.HashData(bytes)));
        recorded.UserName.ShouldBe("exporter");
        recorded.Item1!.By.ShouldBe("exporter");
        recorded.Item1.AsOfSequence.ShouldBe(asOf);
        recorded.Item1.RowCount.ShouldBe(2);
        recorded.Item1.Manifest!.Value.GetProperty("filters").GetProperty("product").GetString().ShouldBe(_product);
    }

    [Fact]
    public async Task The_same_request_with_the_same_asOf_answers_the_same_bytes_after_more_appends_and_the_manifest_hashes_them()
    {
        await SeedAsync();
        var first = await _exporter.GetAsync($"/api/exports/trl-dpo?product={_product}&container=jsonl.gz");
        var asOf = first.Headers.GetValues("X-Export-As-Of").Single();
        var bytes = await first.Content.ReadAsByteArrayAsync();

        (await _writer.PostEventsAsync($"{_product}-d", Batch(Started(_product), Generated("p", "Delta."), Edited("p", "Delta!"),
            Decided("proposal_accepted", "p")))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await _exporter.GetByteArrayAsync($"/api/exports/trl-dpo?product={_product}&container=jsonl.gz&asOf={asOf}");
        var manifest = JsonDocument.Parse(await _exporter.GetStringAsync($"/api/exports/trl-dpo?product={_product}&container=jsonl.gz&asOf={asOf}&part=manifest")).RootElement;

        again.ShouldBe(bytes);
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gzip.CopyToAsync(plain);
        Lines(plain.ToArray()).Count.ShouldBe(1);
        manifest.GetProperty("asOf").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture).ShouldBe(asOf);
        manifest.GetProperty("files")[0].GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
        manifest.GetProperty("formatVersion").GetInt32().ShouldBe(ExportNames.FormatVersion);
    }

    [Fact]
    public async Task The_lineage_and_the_review_csv_are_served_and_the_csv_neutralises_formulas()
    {
        await SeedAsync();

        var lineage = Lines(await _exporter.GetByteArrayAsync($"/api/exports/trl-kto?product={_product}&part=lineage"));
        var csv = await _exporter.GetStringAsync($"/api/exports/review-csv?product={_product}");

        lineage.Count.ShouldBe(3);
        lineage.Select(row => row.GetProperty("streamId").GetString()).ShouldBe([$"{_product}-a", $"{_product}-b", $"{_product}-c"]);
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(4);
        csv.ShouldContain(",'=cmd(),");
    }

    [Fact]
    public async Task A_parquet_export_is_served_as_parquet_and_its_manifest_hashes_the_bytes()
    {
        await SeedAsync();
        var response = await _exporter.GetAsync($"/api/exports/trl-sft?product={_product}&container=parquet");
        var asOf = response.Headers.GetValues("X-Export-As-Of").Single();
        var bytes = await response.Content.ReadAsByteArrayAsync();

        var manifest = JsonDocument.Parse(await _exporter.GetStringAsync($"/api/exports/trl-sft?product={_product}&container=parquet&asOf={asOf}&part=manifest")).RootElement;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.apache.parquet");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("trl-sft.all.parquet");
        Encoding.ASCII.GetString(bytes[..4]).ShouldBe("PAR1");
        Encoding.ASCII.GetString(bytes[^4..]).ShouldBe("PAR1");
        manifest.GetProperty("container").GetString().ShouldBe("parquet");
        manifest.GetProperty("files")[0].GetProperty("sha256").GetString().ShouldBe(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task The_dataset_card_is_served_as_markdown_pinned_to_the_same_asOf()
    {
        await SeedAsync();
        var data = await _exporter.GetAsync($"/api/exports/trl-sft?product={_product}");
        var asOf = data.Headers.GetValues("X-Export-As-Of").Single();
        var bytes = await data.Content.ReadAsByteArrayAsync();

        var card = await _exporter.GetAsync($"/api/exports/trl-sft?product={_product}&asOf={asOf}&part=card");

        card.StatusCode.ShouldBe(HttpStatusCode.OK);
        card.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        card.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("README.md");
        var text = await card.Content.ReadAsStringAsync();
        text.ShouldStartWith("---\n");
        text.ShouldContain($"# EventWorkbench trl-sft export at sequence {asOf}");
        text.ShouldContain(Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    [Fact]
    public async Task Bad_parameters_get_400_naming_each_one()
    {
        var response = await _exporter.GetAsync(
            "/api/exports/trl-sft?container=zip&split=dev&seed=x&ratios=0.5,0.5,0.5&dedup=maybe&outcome=great&minQuality=9&asOf=-1");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.ReadObjectAsync())["errors"]!.AsObject();
        errors.Select(pair => pair.Key).Order().ShouldBe(["asOf", "container", "dedup", "minQuality", "outcome", "ratios", "seed", "split"]);
        errors["container"]![0]!.ToString().ShouldContain("jsonl, jsonl.gz, parquet");
    }

    [Fact]
    public async Task An_unknown_format_and_filters_given_to_the_events_format_get_400()
    {
        var unknown = await _exporter.GetAsync("/api/exports/csv");
        var events = await _exporter.GetAsync("/api/exports/events?product=x&tags=a");

        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.ReadObjectAsync())["errors"]!["format"]![0]!.ToString().ShouldContain("trl-sft");
        events.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await events.ReadObjectAsync())["errors"]!.AsObject().Select(pair => pair.Key).Order().ShouldBe(["product", "tags"]);
    }

    [Fact]
    public async Task An_asOf_beyond_the_log_gets_400_naming_it_and_records_nothing()
    {
        var before = await host.EventRowCountAsync();

        var response = await _exporter.GetAsync("/api/exports/trl-sft?asOf=999999999");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadObjectAsync())["errors"]!["asOf"]![0]!.ToString().ShouldContain("asOf 999999999 is beyond the log");
        (await host.EventRowCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Exports_need_the_export_scope()
    {
        (await host.Client().GetAsync("/api/exports/trl-sft")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client(ApiHost.ReadKey).GetAsync("/api/exports/trl-sft")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.Client(ApiHost.AdminKey).GetAsync("/api/exports/trl-sft")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
