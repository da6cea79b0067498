using System.Net;
using System.Text;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// The endpoints whose JSON body is a reason (an erasure and a rebuild cancel): a body that does not read
/// gets 400 naming the field at fault and what is wrong, as the append's do, and the key is checked before anything else.
/// The subject is one an event names, since an unknown one is 404 whatever the body says.
/// </summary>
public sealed class JsonBodyApiTests(ApiHost host) : IClassFixture<ApiHost>, IAsyncLifetime
{
    private const string Subject = "json-body-subject";

    private readonly HttpClient _admin = host.Client(ApiHost.AdminKey);

    public static TheoryData<string> Endpoints => new() { $"/api/subjects/{Subject}/erase", "/api/projections/ProposalReview/rebuild/cancel" };

    public async Task InitializeAsync()
    {
        using var writer = host.Client(ApiHost.AppendKey);
        var started = $$"""{ "type": "interaction_started", "data": { "channel": "chat", "subjectId": "{{Subject}}", "input": "a body test" } }""";
        (await writer.PostEventsAsync($"json-body-{Guid.NewGuid():N}", Json.Batch(started))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_reason_of_the_wrong_type_gets_400_naming_reason(string path)
    {
        var problem = await (await _admin.PostAsync(path, Json.Body("""{ "reason": 5 }"""))).ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor("reason").ShouldNotBeEmpty(problem.ToJsonString());
        problem["detail"]!.ToString().ShouldStartWith("reason:");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Broken_json_gets_400_saying_the_body_is_not_valid_json_and_where(string path)
    {
        var problem = await (await _admin.PostAsync(path, new StringContent("""{ "reason": "x" """, Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest);

        problem.ErrorsFor("body").Single().ShouldStartWith("is not valid JSON", customMessage: problem.ToJsonString());
        problem["detail"]!.ToString().ShouldContain("(line 1, byte");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_key_is_checked_before_the_content_type_and_a_body_not_sent_as_json_gets_415_saying_what_to_send(string path)
    {
        var body = new StringContent("""{ "reason": "x" }""", Encoding.UTF8, "text/plain");

        await (await host.Client().PostAsync(path, body)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await host.Client(ApiHost.ReadKey).PostAsync(path, body)).ProblemAsync(HttpStatusCode.Forbidden);
        var problem = await (await _admin.PostAsync(path, body)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        problem["detail"]!.ToString().ShouldContain("Content-Type: application/json");
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_reason_sent_twice_or_a_field_the_request_does_not_have_gets_400_naming_it(string path)
    {
        var twice = await (await _admin.PostAsync(path, Json.Body("""{ "reason": "a", "reason": "b" }"""))).ProblemAsync(HttpStatusCode.BadRequest);
        var unknown = await (await _admin.PostAsync(path, Json.Body("""{ "reason": "a", "subject": "b" }"""))).ProblemAsync(HttpStatusCode.BadRequest);

        twice["detail"]!.ToString().ShouldContain("reason");
        unknown.ErrorsFor("subject").ShouldBe(["is not a field of this request"]);
    }
}
