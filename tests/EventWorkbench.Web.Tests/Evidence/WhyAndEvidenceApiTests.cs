using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Access;
using EventWorkbench.Web.Hosting;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Api;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Evidence;

/// <summary><c>/api/why</c> and <c>/api/evidence</c> over real Kestrel: the answers, their errors and who may read them.</summary>
public sealed class WhyAndEvidenceApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly string _stream = $"evidence-{Guid.NewGuid():N}";

    private async Task SeedAsync()
    {
        using var writer = host.Client(ApiHost.AppendKey);
        (await writer.PostEventsAsync(_stream, Batch(Started(),
            """{ "type": "proposal_generated", "data": { "proposalId": "p", "model": "gpt-x", "messages": [ { "role": "user", "content": "Where?" } ], "content": "<script>alert(1)</script> Here.", "contentType": "text" } }""",
            """{ "type": "proposal_edited", "data": { "proposalId": "p", "editor": "ana", "content": "Over here." } }""",
            """{ "type": "proposal_accepted", "data": { "proposalId": "p", "by": "ana" } }"""))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_why_api_answers_the_chain_with_a_read_key_and_404_problem_for_an_unknown_proposal()
    {
        await SeedAsync();
        using var reader = host.Client(ApiHost.ReadKey);

        var chain = await reader.GetFromJsonAsync<JsonElement>($"/api/why/{_stream}/p");
        var missing = await reader.GetAsync($"/api/why/{_stream}/nope");
        var anonymous = await host.Client().GetAsync($"/api/why/{_stream}/p");

        chain.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ShouldBe(["input", "proposal", "edit", "decision"]);
        chain.GetProperty("people")[0].GetProperty("name").GetString().ShouldBe("ana");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_viewer_and_a_read_key_get_403_and_an_auditor_gets_the_bundle_and_the_report()
    {
        await SeedAsync();
        using var viewer = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.Viewer));
        using var auditor = await host.SignedInAsync(await host.NewAccountAsync(AccessRoles.Auditor));
        using var readKey = host.Client(ApiHost.ReadKey);
        using var adminKey = host.Client(ApiHost.AdminKey);

        var refused = await viewer.GetAsync($"/api/evidence/streams/{_stream}");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        refused.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await refused.Content.ReadAsStringAsync()).ShouldContain("auditor");
        (await readKey.GetAsync($"/api/evidence/streams/{_stream}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostAsync("/api/evidence/verify", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var bundle = await auditor.GetAsync($"/api/evidence/streams/{_stream}");
        bundle.StatusCode.ShouldBe(HttpStatusCode.OK);
        bundle.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe($"evidence-stream-{_stream}.json");
        var json = JsonNode.Parse(await bundle.Content.ReadAsStringAsync())!;
        json["events"]!.AsArray().Count.ShouldBe(4);
        json["digest"]!["sha256"]!.GetValue<string>().Length.ShouldBe(64);
        json["generatedBy"]!.GetValue<string>().ShouldStartWith("u-");
        (await adminKey.GetAsync($"/api/evidence/proposals/{_stream}/p")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var report = await auditor.GetAsync($"/api/evidence/streams/{_stream}?format=html");
        report.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await report.Content.ReadAsStringAsync();
        html.ShouldContain("@media print");
        html.ShouldContain(WorkbenchIcon.Link); // or Chromium asks for /favicon.ico, which is not served
        html.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        html.ShouldNotContain("<script");
        html.ShouldNotContain("src=");
        html.ShouldContain(json["digest"]!["sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_key_is_told_the_scopes_it_needs_and_a_refused_person_the_roles()
    {
        var name = await host.NewAccountAsync(AccessRoles.Viewer);
        using var viewer = await host.SignedInAsync(name);
        using var readKey = host.Client(ApiHost.ReadKey);

        var person = await (await viewer.GetAsync($"/api/evidence/streams/{_stream}")).ProblemAsync(HttpStatusCode.Forbidden);
        var key = await (await readKey.GetAsync($"/api/evidence/streams/{_stream}")).ProblemAsync(HttpStatusCode.Forbidden);
        var keyVerifying = await (await readKey.PostAsync("/api/evidence/verify", Body("{}"))).ProblemAsync(HttpStatusCode.Forbidden);

        const string scopes = "The API key 'reader' may not use this: it takes a key with the audit or admin scope (it has read)";
        ((string)key["detail"]!).ShouldBe(scopes);
        ((string)keyVerifying["detail"]!).ShouldBe(scopes);
        ((string)person["detail"]!).ShouldBe($"{name} may not use this: it takes one of the roles auditor, admin");
    }

    [Fact]
    public async Task Unknown_scopes_get_404_a_bad_format_400_and_correlation_packs_work()
    {
        await SeedAsync();
        using var adminKey = host.Client(ApiHost.AdminKey);

        var unknown = await adminKey.GetAsync($"/api/evidence/streams/missing-{Guid.NewGuid():N}");
        var badFormat = await adminKey.GetAsync($"/api/evidence/streams/{_stream}?format=pdf");
        var unknownProposal = await adminKey.GetAsync($"/api/evidence/proposals/{_stream}/nope");
        var correlation = await adminKey.GetAsync($"/api/evidence/correlations/no-such-{Guid.NewGuid():N}");

        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        unknown.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        unknownProposal.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        correlation.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        badFormat.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badFormat.Content.ReadAsStringAsync()).ShouldContain("format 'pdf'");
    }

    [Fact]
    public async Task Verify_answers_a_verdict_for_an_intact_and_a_tampered_bundle_and_400_for_a_malformed_one()
    {
        await SeedAsync();
        using var adminKey = host.Client(ApiHost.AdminKey);
        var bundle = JsonNode.Parse(await adminKey.GetStringAsync($"/api/evidence/streams/{_stream}"))!;

        var intact = await Verify(adminKey, bundle.ToJsonString());
        bundle["events"]![2]!["data"]!["content"] = "Somewhere else.";
        var tampered = await Verify(adminKey, bundle.ToJsonString());
        var malformed = await adminKey.PostAsync("/api/evidence/verify", new StringContent("{ \"format\": 1", Encoding.UTF8, "application/json"));
        var notABundle = await adminKey.PostAsync("/api/evidence/verify", new StringContent("""{ "format": "x" }""", Encoding.UTF8, "application/json"));

        intact.GetProperty("verified").GetBoolean().ShouldBeTrue();
        tampered.GetProperty("verified").GetBoolean().ShouldBeFalse();
        var difference = tampered.GetProperty("firstDifference");
        difference.GetProperty("kind").GetString().ShouldBe("changed_in_bundle");
        difference.GetProperty("version").GetInt64().ShouldBe(3);
        malformed.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        notABundle.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await notABundle.Content.ReadAsStringAsync()).ShouldContain("format: must be");
    }

    [Fact]
    public async Task The_report_shows_a_subjects_personal_fields_opened_while_the_bundle_keeps_them_as_stored()
    {
        var stream = $"evidence-sealed-{Guid.NewGuid():N}";
        using var writer = host.Client(ApiHost.AppendKey);
        (await writer.PostEventsAsync(stream, Batch(
            $$"""{ "type": "interaction_started", "data": { "channel": "chat", "subjectId": "evidence-{{Guid.NewGuid():N}}", "input": "I am Ada <b>Lovelace</b>" } }""",
            Proposal("p")))).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var adminKey = host.Client(ApiHost.AdminKey);

        var bundle = JsonNode.Parse(await adminKey.GetStringAsync($"/api/evidence/streams/{stream}"))!;
        var html = await adminKey.GetStringAsync($"/api/evidence/streams/{stream}?format=html");

        var started = bundle["events"]![0]!;
        started["data"]!["input"]!.GetValue<string>().ShouldStartWith("ew-sealed:4:t:");
        started["openedData"]!["input"]!.GetValue<string>().ShouldBe("I am Ada <b>Lovelace</b>");
        html.ShouldContain("I am Ada &lt;b&gt;Lovelace&lt;/b&gt;");
        html.ShouldContain("personal fields opened");
        html.ShouldNotContain("ew-sealed:");
        (await Verify(adminKey, bundle.ToJsonString())).GetProperty("verified").GetBoolean().ShouldBeTrue();
    }

    private static async Task<JsonElement> Verify(HttpClient client, string body)
    {
        var response = await client.PostAsync("/api/evidence/verify", new StringContent(body, Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
