using System.Net;
using System.Text.Json.Nodes;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// A client appending batches to its own stream the way a careful AI product does: each batch names the version it
/// expects and carries its own Idempotency-Key, and a batch that got no answer (connection refused or reset, a timeout)
/// or a 503 is sent again, same key, same body, until it is acknowledged with 201. Batch 0 starts the interaction and
/// generates proposal p0; batch k generates pk and edits and accepts p(k-1), so both projections get work.
/// </summary>
internal sealed class RetryingWriter(string streamId, int batches)
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);
    private readonly List<string> _acknowledgedIds = [];
    private readonly List<string> _unexpected = [];
    private int _retries;

    public string StreamId => streamId;

    /// <summary>The ids of every acknowledged event, in the order of their versions.</summary>
    public IReadOnlyList<string> AcknowledgedIds
    {
        get
        {
            lock (_acknowledgedIds) return [.. _acknowledgedIds];
        }
    }

    public int AcknowledgedBatches { get; private set; }

    /// <summary>Answers that were neither 201 nor 503 with Retry-After: none must occur.</summary>
    public IReadOnlyList<string> Unexpected
    {
        get
        {
            lock (_unexpected) return [.. _unexpected];
        }
    }

    public int Retries => _retries;

    /// <summary>Appends every batch; <paramref name="client"/> gives the client of the app that runs now.</summary>
    public async Task RunAsync(Func<HttpClient> client, CancellationToken cancellationToken)
    {
        long version = 0;
        for (var batch = 0; batch < batches; batch++)
        {
            var body = batch == 0
                ? Batch(0, Started(), Proposal("p0"))
                : Batch(version, Proposal($"p{batch}"), Edited($"p{batch - 1}", batch), Accepted($"p{batch - 1}"));
            var key = $"{streamId}-batch-{batch}";
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await TrySendAsync(client(), body, key, cancellationToken) is { } acknowledged)
                {
                    version = (long)acknowledged["version"]!;
                    lock (_acknowledgedIds) _acknowledgedIds.AddRange(acknowledged["events"]!.AsArray().Select(e => e!["id"]!.ToString()));
                    AcknowledgedBatches++;
                    break;
                }
                Interlocked.Increment(ref _retries);
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private async Task<JsonObject?> TrySendAsync(HttpClient client, string body, string key, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await client.PostEventsAsync(streamId, body, key).WaitAsync(timeout.Token);
            if (response.StatusCode == HttpStatusCode.Created) return await response.ReadObjectAsync();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter?.Delta is null)
            {
                var answer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";
                lock (_unexpected) _unexpected.Add(answer);
            }
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null; // no answer: the app or its database is down; whether it was written, the key will tell
        }
    }

    private static string Edited(string proposalId, int round) =>
        $$"""{ "type": "proposal_edited", "data": { "proposalId": "{{proposalId}}", "editor": "ana", "content": "Tomorrow, before noon ({{round}})." } }""";

    private static string Accepted(string proposalId) =>
        $$"""{ "type": "proposal_accepted", "data": { "proposalId": "{{proposalId}}", "by": "ana" } }""";
}

/// <summary>Test sizes from the environment: small by default (CI), larger by hand.</summary>
internal static class CrashTestSizes
{
    /// <summary><c>CRASH_WRITERS</c>: concurrent writers (default 8).</summary>
    public static int Writers => Read("CRASH_WRITERS", 8);

    /// <summary><c>CRASH_BATCHES</c>: batches of three events (the first of two) each writer appends (default 12).</summary>
    public static int Batches => Read("CRASH_BATCHES", 12);

    /// <summary><c>CRASH_KILLS</c>: how many times the test kills its target during the appends (default 1).</summary>
    public static int Kills => Read("CRASH_KILLS", 1);

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
