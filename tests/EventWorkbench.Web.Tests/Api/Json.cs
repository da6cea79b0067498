using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventWorkbench.Web.Tests.Api;

public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Started(string product = "support-replies", string input = "Where is my parcel?") =>
        $$"""{ "type": "interaction_started", "data": { "channel": "chat", "product": "{{product}}", "input": "{{input}}" } }""";

    public static string Proposal(string proposalId) =>
        $$"""{ "type": "proposal_generated", "data": { "proposalId": "{{proposalId}}", "model": "gpt-x", "messages": [ { "role": "user", "content": "Where?" } ], "content": "Tomorrow.", "contentType": "text" } }""";

    public static string Batch(params string[] events) => $$"""{ "events": [ {{string.Join(",", events)}} ] }""";

    public static string Batch(long expectedVersion, params string[] events) =>
        $$"""{ "expectedVersion": {{expectedVersion}}, "events": [ {{string.Join(",", events)}} ] }""";

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static string NewStreamId() => $"api-{Guid.NewGuid():N}";

    public static async Task<HttpResponseMessage> PostEventsAsync(this HttpClient client, string streamId, string json, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/streams/{Uri.EscapeDataString(streamId)}/events") { Content = Body(json) };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await client.SendAsync(request);
    }

    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Asserts a problem+json answer with this status and returns it.</summary>
    public static async Task<JsonObject> ProblemAsync(this HttpResponseMessage response, System.Net.HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonNode.Parse(body)!.AsObject();
        ((int)problem["status"]!).ShouldBe((int)status);
        return problem;
    }

    /// <summary>The messages a problem's <c>errors</c> holds for one field (empty when it names no such field).</summary>
    public static string[] ErrorsFor(this JsonObject problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(message => message!.ToString()).ToArray() ?? [];
}
