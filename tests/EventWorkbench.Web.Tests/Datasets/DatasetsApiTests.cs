using System.Net;
using System.Security.Cryptography;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Access;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Datasets;

/// <summary><c>GET /api/exports</c> and <c>GET /api/exports/compare</c>: the export log, and two recorded exports compared.</summary>
public sealed class DatasetsApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _exporter = host.Client(ApiHost.ExportKey);
    private readonly string _product = $"ds-{Guid.NewGuid():N}"[..16];

    private static string Generated(string proposalId, string content) =>
        $$"""{ "type": "proposal_generated", "data": { "proposalId": "{{proposalId}}", "model": "gpt-x", "messages": [ { "role": "user", "content": "Where?" } ], "content": "{{content}}", "contentType": "text" } }""";

    private static string Edited(string proposalId, string content) =>
        $$"""{ "type": "proposal_edited", "data": { "proposalId": "{{proposalId}}", "editor": "bea", "content": "{{content}}" } }""";

    private static string Accepted(string proposalId) => $$"""{ "type": "proposal_accepted", "data": { "proposalId": "{{proposalId}}", "by": "bea" } }""";

    private static string Excluded(string proposalId) =>
        $$"""{ "type": "example_curated", "data": { "proposalId": "{{proposalId}}", "by": "ml", "verdict": "exclude" } }""";

    private async Task PostAsync(string stream, params string[] events) =>
        (await _writer.PostEventsAsync(stream, Batch(events))).StatusCode.ShouldBe(HttpStatusCode.Created);

    /// <summary>Exports trl-sft of this test's product, then returns the id the log gave it (the newest entry whose SHA-256 it is).</summary>
    private async Task<string> ExportAsync(string format = "trl-sft")
    {
        var bytes = await _exporter.GetByteArrayAsync($"/api/exports/{format}?product={_product}&ratios=1,0,0");
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var log = await _exporter.GetFromJsonAsync<JsonObject>("/api/exports?pageSize=50");
        return log!["items"]!.AsArray().First(item => item!["sha256"]!.GetValue<string>() == sha256)!["id"]!.GetValue<string>();
    }

    private async Task<(string V1, string V2)> TwoVersionsAsync()
    {
        await PostAsync($"{_product}-a", Started(_product), Generated("p", "Alpha."), Accepted("p"), Generated("q", "Bravo."), Accepted("q"));
        var v1 = await ExportAsync();
        await PostAsync($"{_product}-a", Edited("p", "Alpha, better."), Accepted("p"), Excluded("q"));
        return (v1, await ExportAsync());
    }

    [Fact]
    public async Task An_export_that_held_a_subject_erased_since_names_it_and_one_made_again_leaves_it_out()
    {
        var subject = $"subject-{Guid.NewGuid():N}"[..20];
        var started = $$"""{ "type": "interaction_started", "data": { "channel": "chat", "input": "Hello", "product": "{{_product}}", "subjectId": "{{subject}}" } }""";
        await PostAsync($"{_product}-erased", started, Generated("p", "Dear Ada Lovelace."), Accepted("p"));
        await PostAsync($"{_product}-kept", Started(_product), Generated("p", "Dear customer."), Accepted("p"));
        var before = await ExportAsync();
        using (var admin = host.Client(ApiHost.AdminKey))
            (await admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "Asked" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var log = await _exporter.GetFromJsonAsync<JsonObject>("/api/exports?pageSize=50");

        var item = log!["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == before)!;
        item["erasedSubjects"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe([subject]);
        var again = System.Text.Encoding.UTF8.GetString(await _exporter.GetByteArrayAsync($"/api/exports/trl-sft?product={_product}&ratios=1,0,0"));
        again.ShouldContain("Dear customer.");
        again.ShouldNotContain("Ada Lovelace");
        again.ShouldNotContain("[erased]");
    }

    [Fact]
    public async Task The_log_lists_recorded_exports_newest_first_with_their_manifests()
    {
        var (v1, v2) = await TwoVersionsAsync();

        var log = await _exporter.GetFromJsonAsync<JsonObject>("/api/exports?pageSize=50");

        var items = log!["items"]!.AsArray().Select(item => item!.AsObject()).ToList();
        var ids = items.Select(item => item["id"]!.GetValue<string>()).ToList();
        ids.IndexOf(v2).ShouldBeLessThan(ids.IndexOf(v1));
        var newest = items.Single(item => item["id"]!.GetValue<string>() == v2);
        newest["by"]!.GetValue<string>().ShouldBe("exporter");
        newest["source"]!.GetValue<string>().ShouldBe("api");
        newest["format"]!.GetValue<string>().ShouldBe("trl-sft");
        newest["manifest"]!["filters"]!["product"]!.GetValue<string>().ShouldBe(_product);
        newest["manifest"]!["rows"]!["train"]!.GetValue<long>().ShouldBe(1);
        log["total"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task Compare_answers_the_changed_and_removed_rows_with_their_field_deltas_and_explaining_events()
    {
        var (v1, v2) = await TwoVersionsAsync();

        var comparison = await _exporter.GetFromJsonAsync<JsonObject>($"/api/exports/compare?a={v1}&b={v2}");

        comparison!["format"]!.GetValue<string>().ShouldBe("trl-sft");
        var counts = comparison["counts"]!;
        (counts["added"]!.GetValue<long>(), counts["removed"]!.GetValue<long>(), counts["changed"]!.GetValue<long>()).ShouldBe((0, 1, 1));
        var differences = comparison["differences"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var changed = differences.Single(d => d["proposalIds"]![0]!.GetValue<string>() == "p");
        changed["fields"]![0]!["field"]!.GetValue<string>().ShouldBe("messages[1].content");
        changed["fields"]![0]!["after"]!.GetValue<string>().ShouldBe("Alpha, better.");
        changed["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["proposal_edited", "proposal_accepted"]);
        var removed = differences.Single(d => d["proposalIds"]![0]!.GetValue<string>() == "q");
        removed["events"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ShouldBe(["example_curated"]);
    }

    [Fact]
    public async Task Bad_parameters_get_400_naming_each_one()
    {
        var (v1, _) = await TwoVersionsAsync();
        var dpo = await ExportAsync("trl-dpo");

        (await (await _exporter.GetAsync("/api/exports/compare")).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject()
            .Select(pair => pair.Key).Order().ShouldBe(["a", "b"]);
        (await (await _exporter.GetAsync($"/api/exports/compare?a={v1}&b=nope")).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("b").Single().ShouldContain("no recorded export has the id 'nope'");
        (await (await _exporter.GetAsync($"/api/exports/compare?a={v1}&b={dpo}")).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("b").Single().ShouldContain("different formats (trl-sft and trl-dpo)");
        (await (await _exporter.GetAsync("/api/exports?page=0&pageSize=x")).ProblemAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject()
            .Select(pair => pair.Key).Order().ShouldBe(["page", "pageSize"]);
    }

    [Fact]
    public async Task A_page_far_beyond_the_log_is_an_empty_page_not_a_server_error()
    {
        await ExportAsync();

        var response = await _exporter.GetAsync($"/api/exports?page={int.MaxValue}&pageSize=100");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await response.ReadObjectAsync();
        page["items"]!.AsArray().ShouldBeEmpty();
        ((int)page["page"]!).ShouldBe(int.MaxValue);
        ((long)page["total"]!).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task The_export_scope_is_required()
    {
        (await host.Client(ApiHost.ReadKey).GetAsync("/api/exports")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.Client(ApiHost.ReadKey).GetAsync("/api/exports/compare?a=x&b=y")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.Client().GetAsync("/api/exports")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Re_creating_a_logged_export_downloads_bytes_that_hash_to_its_logged_sha256()
    {
        var (_, v2) = await TwoVersionsAsync();
        await PostAsync($"{_product}-b", Started(_product), Generated("r", "Charlie."), Accepted("r"));
        using var engineer = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.MlEngineer));
        var logged = (await _exporter.GetFromJsonAsync<JsonObject>("/api/exports?pageSize=50"))!["items"]!.AsArray()
            .Single(item => item!["id"]!.GetValue<string>() == v2)!;
        var found = (await host.Services.GetRequiredService<EventWorkbench.Export.ExportHistory>().FindAsync([v2]))[v2];

        var address = Features.Datasets.LoggedExportRequests.RecreateAddress(found)!;
        var bytes = await engineer.GetByteArrayAsync("/" + address);

        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe(logged["sha256"]!.GetValue<string>());
    }
}
