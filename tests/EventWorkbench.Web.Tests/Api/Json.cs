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
}
