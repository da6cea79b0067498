using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Testing;

namespace EventWorkbench.Benchmarks;

/// <summary>a) The real app on Kestrel (loopback), 8 HttpClient clients POSTing one batch per request.</summary>
public static class HttpAppendScenario
{
    private const string Secret = "bench-secret-0123456789";

    public static async Task<ScenarioResult> RunAsync(TestDatabase database, AppendWorkload workload, int clients)
    {
        await using var app = await BenchmarkApp.StartAsync(database, new Dictionary<string, string>
        {
            ["Api:Keys:bench:Secret"] = Secret,
            ["Api:Keys:bench:Scopes:0"] = "append",
            // As on the in-process path, which it is measured against: the app's daemon would fold the analytics
            // projections beside the burst, work that every append path causes alike (the async review scenario times it).
            ["Projections:Daemon"] = "Disabled",
        });
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = app.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Secret);

        // Bodies are encoded before the clock starts: the clients stand in for other machines.
        var bodies = workload.Batches.ToDictionary(b => b.StreamId, Body);
        var warmUp = workload.WarmUp(workload.Batches[0].Events.Count);
        await AppendWorkload.RunConcurrentlyAsync(warmUp, clients, (_, batch) => PostAsync(http, batch.StreamId, Body(batch)));

        return await ScenarioResult.MeasureAsync("HTTP API", workload.Events, () =>
            AppendWorkload.RunConcurrentlyAsync(workload.Batches, clients, (_, batch) => PostAsync(http, batch.StreamId, bodies[batch.StreamId])));
    }

    private static byte[] Body(AppendBatch batch)
    {
        var envelopes = batch.Events
            .Select(e => new EventEnvelope(EventCatalogue.WireName(e.GetType()), JsonSerializer.SerializeToElement(e, e.GetType(), EventCatalogue.Output)))
            .ToArray();
        return JsonSerializer.SerializeToUtf8Bytes(new AppendRequest(envelopes, ExpectedVersion: 0, CorrelationId: batch.StreamId), EventCatalogue.Output);
    }

    private static async Task PostAsync(HttpClient http, string streamId, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"/api/streams/{streamId}/events", content);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"POST {streamId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
