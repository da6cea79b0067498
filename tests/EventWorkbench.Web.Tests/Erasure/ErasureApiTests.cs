using System.Net;
using System.Net.Http.Json;
using EventWorkbench.Web.Tests.Api;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Erasure;

/// <summary><c>POST /api/subjects/{subjectId}/erase</c>: erased through the API, read back as erased, for the admin scope only.</summary>
public sealed class ErasureApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _admin = host.Client(ApiHost.AdminKey);

    [Fact]
    public async Task Erasing_a_subject_answers_200_with_the_erasure_and_its_events_read_erased_then_a_second_erase_says_already_erased()
    {
        var (subject, stream) = await AppendInteractionAsync("My name is Ada Lovelace");

        var response = await _admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "Asked to be forgotten (ticket 17)" });

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var erasure = await response.ReadObjectAsync();
        erasure["subject"]!.ToString().ShouldBe(subject);
        erasure["by"]!.ToString().ShouldBe("operator");
        erasure["reason"]!.ToString().ShouldBe("Asked to be forgotten (ticket 17)");
        ((long)erasure["events"]!).ShouldBe(2);
        ((int)erasure["streams"]!).ShouldBe(1);
        ((long)erasure["rewriteMs"]!).ShouldBeGreaterThanOrEqualTo(0);
        erasure["requestedAt"].ShouldNotBeNull();
        erasure["completedAt"].ShouldNotBeNull();
        ((bool)erasure["alreadyErased"]!).ShouldBeFalse();

        using var reader = host.Client(ApiHost.ReadKey);
        var events = await (await reader.GetAsync($"/api/streams/{stream}/events")).ReadObjectAsync();
        events["events"]![0]!["data"]!["input"]!.ToString().ShouldBe("[erased]");
        events.ToJsonString().ShouldNotContain("Ada Lovelace");

        var again = await _admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "Asked again" });

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await again.ReadObjectAsync();
        ((bool)second["alreadyErased"]!).ShouldBeTrue();
        second["reason"]!.ToString().ShouldBe("Asked to be forgotten (ticket 17)", "the earlier erasure is answered");
    }

    [Fact]
    public async Task An_erased_proposal_has_no_delta_in_its_detail_or_its_evidence_pack_and_the_report_says_the_change_is_no_longer_known()
    {
        var (subject, stream) = await AppendInteractionAsync("My name is Grace Hopper");
        using var writer = host.Client(ApiHost.AppendKey);
        (await writer.PostEventsAsync(stream, Batch("""{ "type": "proposal_accepted", "data": { "proposalId": "p1", "by": "ana" } }""")))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        using var reader = host.Client(ApiHost.ReadKey);
        var before = await (await reader.GetAsync($"/api/proposals/p1?streamId={stream}")).ReadObjectAsync();
        ((double)before["delta"]!["similarity"]!).ShouldBe(1);

        (await _admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "Asked" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var after = await (await reader.GetAsync($"/api/proposals/p1?streamId={stream}")).ReadObjectAsync();
        after["delta"].ShouldBeNull("comparing [erased] with [erased] would claim it was accepted unchanged");
        after["review"]!["aiContent"]!.ToString().ShouldBe("[erased]");
        after["review"]!["similarity"].ShouldBeNull();
        var pack = await (await _admin.GetAsync($"/api/evidence/streams/{stream}")).ReadObjectAsync();
        var delta = pack["deltas"]![0]!;
        (delta["delta"], (bool)delta["textsErased"]!).ShouldBe((null, true));
        var report = await _admin.GetStringAsync($"/api/evidence/streams/{stream}?format=html");
        report.ShouldContain("Its texts were erased with their data subject: the change is no longer known.");
        report.ShouldNotContain("Grace Hopper");
    }

    [Fact]
    public async Task An_unknown_subject_is_404_problem_json_saying_nothing_names_it()
    {
        var subject = $"nobody-{Guid.NewGuid():N}";

        var problem = await (await _admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "cleanup" })).ProblemAsync(HttpStatusCode.NotFound);

        problem["detail"]!.ToString().ShouldStartWith($"No event names subject {subject} and no key was made for it");
    }

    [Fact]
    public async Task An_unknown_subject_is_404_whatever_the_body_says_and_nothing_is_written()
    {
        var subject = $"nobody-{Guid.NewGuid():N}";
        var before = await host.EventRowCountAsync();
        HttpContent?[] bodies =
        [
            null, Body("{}"), Body("""{ "reason": " " }"""), Body("{ \"reason\": "),
            new StringContent("why not", System.Text.Encoding.UTF8, "text/plain"), Body($$"""{ "reason": "{{new string('x', 2_001)}}" }"""),
        ];

        foreach (var body in bodies)
        {
            var problem = await (await _admin.PostAsync($"/api/subjects/{subject}/erase", body)).ProblemAsync(HttpStatusCode.NotFound);
            problem["detail"]!.ToString().ShouldStartWith($"No event names subject {subject} and no key was made for it");
        }
        (await host.EventRowCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task A_missing_reason_or_a_bad_id_is_400_naming_the_field_and_nothing_is_written()
    {
        var (subject, stream) = await AppendInteractionAsync("Grace Hopper asks");
        var before = await host.EventRowCountAsync();

        var noReason = await (await _admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "  " })).ProblemAsync(HttpStatusCode.BadRequest);
        var noBody = await (await _admin.PostAsync($"/api/subjects/{subject}/erase", Body("{}"))).ProblemAsync(HttpStatusCode.BadRequest);
        var tooLong = await (await _admin.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = new string('x', 2_001) }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var badId = await (await _admin.PostAsJsonAsync("/api/subjects/a%E2%80%8Bb/erase", new { reason = "cleanup" })).ProblemAsync(HttpStatusCode.BadRequest);

        noReason.ErrorsFor("reason").ShouldNotBeEmpty();
        noBody.ErrorsFor("reason").ShouldNotBeEmpty();
        tooLong.ErrorsFor("reason").ShouldHaveSingleItem().ShouldContain("2,000");
        badId.ErrorsFor("subjectId").ShouldHaveSingleItem().ShouldContain("ZERO WIDTH SPACE");
        noReason["title"]!.ToString().ShouldContain("nothing was erased");
        (await host.EventRowCountAsync()).ShouldBe(before);
        using var reader = host.Client(ApiHost.ReadKey);
        var events = await (await reader.GetAsync($"/api/streams/{stream}/events")).ReadObjectAsync();
        events["events"]![0]!["data"]!["input"]!.ToString().ShouldBe("Grace Hopper asks");
    }

    [Theory]
    [InlineData(ApiHost.ReadKey)]
    [InlineData(ApiHost.AppendKey)]
    [InlineData(ApiHost.ExportKey)]
    public async Task Keys_without_the_admin_scope_get_403_and_erase_nothing(string key)
    {
        var (subject, _) = await AppendInteractionAsync("Alan Turing asks");
        var before = await host.EventRowCountAsync();
        using var client = host.Client(key);

        await (await client.PostAsJsonAsync($"/api/subjects/{subject}/erase", new { reason = "not mine to ask" })).ProblemAsync(HttpStatusCode.Forbidden);

        (await host.EventRowCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401()
    {
        using var anonymous = host.Client(null);
        await (await anonymous.PostAsJsonAsync("/api/subjects/someone/erase", new { reason = "cleanup" })).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_api_document_describes_the_erase_endpoint()
    {
        var document = await (await host.Client().GetAsync("/openapi/v1.json")).ReadObjectAsync();

        var erase = document["paths"]!["/api/subjects/{subjectId}/erase"]!["post"]!;
        erase["summary"]!.ToString().ShouldContain("Erase a data subject");
        erase["responses"]!.AsObject().Select(r => r.Key).ShouldBe(["200", "400", "401", "403", "404", "415", "503"], ignoreOrder: true);
        erase["requestBody"].ShouldNotBeNull();
    }

    /// <summary>An interaction whose <c>interaction_started</c> names a fresh subject, appended through the API; its subject and stream.</summary>
    private async Task<(string Subject, string Stream)> AppendInteractionAsync(string input)
    {
        var subject = $"subject-{Guid.NewGuid():N}";
        var stream = NewStreamId();
        using var writer = host.Client(ApiHost.AppendKey);
        var started = $$"""{ "type": "interaction_started", "data": { "channel": "chat", "subjectId": "{{subject}}", "input": "{{input}}" } }""";
        var response = await writer.PostEventsAsync(stream, Batch(started, Proposal("p1")));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (subject, stream);
    }
}
