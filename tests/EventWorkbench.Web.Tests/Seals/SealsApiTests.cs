using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using EventWorkbench.Access;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Api;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Seals;

/// <summary><c>/api/seals</c>: seal, list, one seal, verify and check a kept copy, with the audit scope only; and the page's download.</summary>
public sealed class SealsApiTests(SealsApiHost host) : IClassFixture<SealsApiHost>
{
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _auditor = host.Client(SealsApiHost.AuditKey);

    private async Task<JsonObject> SealAfterAppendingAsync()
    {
        (await _writer.PostEventsAsync($"seal-{Guid.NewGuid():N}", Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var response = await _auditor.PostAsync("/api/seals", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return body["seals"]!.AsArray()[^1]!.AsObject();
    }

    [Fact]
    public async Task The_audit_scope_seals_lists_reads_one_seal_and_verifies_an_intact_log()
    {
        var seal = await SealAfterAppendingAsync();
        var number = seal["number"]!.GetValue<long>();
        seal["by"]!.GetValue<string>().ShouldBe("auditor");

        var list = await _auditor.GetFromJsonAsync<JsonArray>("/api/seals");
        list!.Select(s => s!["number"]!.GetValue<long>()).ShouldContain(number);
        var one = await _auditor.GetFromJsonAsync<JsonObject>($"/api/seals/{number}");
        one!["chainSha256"]!.GetValue<string>().ShouldBe(seal["chainSha256"]!.GetValue<string>());

        var verify = await _auditor.PostAsync("/api/seals/verify", null);
        verify.StatusCode.ShouldBe(HttpStatusCode.OK);
        var verdict = (await verify.Content.ReadFromJsonAsync<JsonObject>())!;
        verdict["intact"]!.GetValue<bool>().ShouldBeTrue(verdict["summary"]!.GetValue<string>());
        verdict["firstProblem"].ShouldBeNull();
    }

    [Fact]
    public async Task Sealing_with_only_a_seal_new_answers_200_and_writes_nothing()
    {
        await SealAfterAppendingAsync();
        var before = await host.EventRowCountAsync();

        var response = await _auditor.PostAsync("/api/seals", null);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["seals"]!.AsArray().ShouldBeEmpty();
        (await host.EventRowCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_kept_copy_matches_and_a_changed_copy_names_the_field()
    {
        var seal = await SealAfterAppendingAsync();
        var copy = await _auditor.GetStringAsync($"/api/seals/{seal["number"]}");

        var kept = await CheckAsync(copy);
        kept["matches"]!.GetValue<bool>().ShouldBeTrue(kept["message"]!.GetValue<string>());

        var changed = JsonNode.Parse(copy)!.AsObject();
        changed["chainSha256"] = new string('b', 64);
        var forged = await CheckAsync(changed.ToJsonString());
        forged["matches"]!.GetValue<bool>().ShouldBeFalse();
        forged["differences"]!.AsArray().ShouldHaveSingleItem()!.GetValue<string>().ShouldStartWith("chainSha256");

        changed["number"] = 100_000;
        (await CheckAsync(changed.ToJsonString()))["message"]!.GetValue<string>().ShouldContain("no longer holds seal 100000");
    }

    private async Task<JsonObject> CheckAsync(string json)
    {
        var response = await _auditor.PostAsync("/api/seals/check", new StringContent(json, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [Theory]
    [InlineData("GET", "/api/seals/abc", 400, "number")]
    [InlineData("GET", "/api/seals/0", 400, "number")]
    [InlineData("GET", "/api/seals/99999", 404, "no seal 99999")]
    public async Task A_bad_seal_number_gets_problem_json_naming_it(string method, string path, int status, string named)
    {
        var response = await _auditor.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(named);
    }

    [Theory]
    [InlineData("not json", "not the JSON of a seal")]
    [InlineData("""{ "number": 1 }""", "field is missing")]
    [InlineData("[]", "not the JSON of a seal")]
    public async Task A_body_that_is_not_a_kept_copy_gets_400_problem_json(string body, string says)
    {
        var response = await _auditor.PostAsync("/api/seals/check", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadAsStringAsync()).ShouldContain(says);
    }

    [Theory]
    [InlineData("GET", "/api/seals")]
    [InlineData("GET", "/api/seals/1")]
    [InlineData("POST", "/api/seals")]
    [InlineData("POST", "/api/seals/verify")]
    [InlineData("POST", "/api/seals/check")]
    public async Task A_key_without_the_audit_scope_gets_403_and_no_key_gets_401(string method, string path)
    {
        var before = await host.EventRowCountAsync();
        using var reader = host.Client(ApiHost.ReadKey);

        var forbidden = await reader.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var anonymous = await host.Client().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forbidden.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.EventRowCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task An_auditor_downloads_a_seal_as_json_from_the_page_and_a_viewer_gets_403()
    {
        var seal = await SealAfterAppendingAsync();
        using var auditor = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.Auditor));
        using var viewer = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.Viewer));

        var download = await auditor.GetAsync($"/seals/copy/{seal["number"]}");
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.FileName.ShouldBe($"eventworkbench-seal-{seal["number"]}.json");
        JsonNode.Parse(await download.Content.ReadAsStringAsync())!["segmentSha256"]!.GetValue<string>()
            .ShouldBe(seal["segmentSha256"]!.GetValue<string>());

        (await viewer.GetAsync($"/seals/copy/{seal["number"]}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
