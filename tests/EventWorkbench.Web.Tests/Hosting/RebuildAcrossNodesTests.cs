using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>
/// A rebuild runs on the node that started it; its job document carries its progress, a cancel and a resume to and
/// from the other node (real HTTP to two real app nodes on one database).
/// </summary>
public sealed class RebuildAcrossNodesTests(TwoRebuildNodes nodes, ITestOutputHelper output) : IClassFixture<TwoRebuildNodes>
{
    private const string Projection = "ProposalReview";
    private const string Rebuild = $"/api/projections/{Projection}/rebuild";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // a bound for a busy machine; a few seconds when quiet

    [Fact]
    public async Task A_rebuild_started_on_node_a_shows_its_progress_on_node_b_and_both_list_the_same_projection_rebuilt_when_done()
    {
        var clock = Stopwatch.StartNew();
        var recorded = await HistoryCountAsync(nodes.B);
        var started = await AcceptedAsync(await nodes.A.PostAsync(Rebuild, null));
        started["node"]!.GetValue<string>().ShouldBe(TwoRebuildNodes.NodeA);
        var total = started["total"]!.GetValue<long>();
        var seenOnB = new List<JsonObject>();

        var done = await PollAsync(nodes.B, row => RebuildState(row) == "done", row =>
        {
            if (row["state"]!.GetValue<string>() == "rebuilding") seenOnB.Add(row);
        });
        output.WriteLine($"{total:N0} events rebuilt in {clock.Elapsed.TotalSeconds:0.0} s; node B saw {seenOnB.Count} polls of it running");

        seenOnB.ShouldNotBeEmpty("node B saw the rebuild running");
        foreach (var row in seenOnB)
        {
            var rebuild = row["rebuild"]!;
            rebuild["node"]!.GetValue<string>().ShouldBe(TwoRebuildNodes.NodeA);
            row["stateText"]!.GetValue<string>().ShouldBe($"rebuilding on {TwoRebuildNodes.NodeA}");
            row["positionIsHighWaterMark"]!.GetValue<bool>().ShouldBeFalse();
            row["position"]!.GetValue<long>().ShouldBe(rebuild["done"]!.GetValue<long>());
            row["lag"]!.GetValue<long>().ShouldBe(rebuild["total"]!.GetValue<long>() - rebuild["done"]!.GetValue<long>());
        }
        seenOnB.ShouldContain(row => Done(row) > 0 && Done(row) < total, "node B saw it part way");
        done["rebuild"]!["percent"]!.GetValue<double>().ShouldBe(100);
        done["state"]!.GetValue<string>().ShouldBe("running");
        done["lag"]!.GetValue<long>().ShouldBe(0);

        var onB = await NewestRecordAsync(nodes.B, after: recorded);
        var onA = await NewestRecordAsync(nodes.A, after: recorded);
        onA.ToJsonString().ShouldBe(onB.ToJsonString());
        onA["name"]!.GetValue<string>().ShouldBe(Projection);
        onA["by"]!.GetValue<string>().ShouldBe("operator");
        onA["events"]!.GetValue<long>().ShouldBe(total);
    }

    [Fact]
    public async Task Cancel_on_node_b_stops_a_rebuild_running_on_node_a_and_resume_on_node_b_continues_it_to_the_end()
    {
        var recorded = await HistoryCountAsync(nodes.A);
        var started = await AcceptedAsync(await nodes.A.PostAsync(Rebuild, null));
        var total = started["total"]!.GetValue<long>();
        await PollAsync(nodes.B, row => RebuildState(row) == "running" && Done(row) > 0);

        await AcceptedAsync(await nodes.B.PostAsJsonAsync($"{Rebuild}/cancel", new { reason = "peak hours" }));

        var cancelled = (await PollAsync(nodes.A, row => RebuildState(row) == "cancelled"))["rebuild"]!;
        cancelled["node"]!.GetValue<string>().ShouldBe(TwoRebuildNodes.NodeA);
        cancelled["cancelledBy"]!.GetValue<string>().ShouldBe("operator");
        cancelled["cancelReason"]!.GetValue<string>().ShouldBe("peak hours");
        var stoppedAt = cancelled["done"]!.GetValue<long>();
        stoppedAt.ShouldBeGreaterThan(0);
        stoppedAt.ShouldBeLessThan(total, "cancelled before it was done");
        var asBSees = await RowAsync(nodes.B);
        asBSees["state"]!.GetValue<string>().ShouldBe("stopped");
        asBSees["position"]!.GetValue<long>().ShouldBe(stoppedAt);

        var resumed = await AcceptedAsync(await nodes.B.PostAsync($"{Rebuild}/resume", null));
        resumed["node"]!.GetValue<string>().ShouldBe(TwoRebuildNodes.NodeB);
        resumed["from"]!.GetValue<long>().ShouldBe(stoppedAt);
        resumed["resumes"]!.GetValue<int>().ShouldBe(1);

        var done = (await PollAsync(nodes.A, row => RebuildState(row) is "done" or "failed"))["rebuild"]!;
        done["state"]!.GetValue<string>().ShouldBe("done", done["error"]?.ToJsonString());
        done["node"]!.GetValue<string>().ShouldBe(TwoRebuildNodes.NodeB);
        done["from"]!.GetValue<long>().ShouldBe(stoppedAt);
        done["done"]!.GetValue<long>().ShouldBe(done["total"]!.GetValue<long>());
        var logged = await NewestRecordAsync(nodes.A, after: recorded);
        logged.ToJsonString().ShouldBe((await NewestRecordAsync(nodes.B, after: recorded)).ToJsonString());
        (await HistoryCountAsync(nodes.A)).ShouldBe(recorded + 1, "the cancelled run is not a finished rebuild");
        logged["events"]!.GetValue<long>().ShouldBe(done["eventsRead"]!.GetValue<long>());
    }

    private static async Task<JsonObject> AcceptedAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<int> HistoryCountAsync(HttpClient node) =>
        (await node.GetFromJsonAsync<JsonArray>("/api/projections/rebuilds"))!.Count;

    /// <summary>
    /// The newest <c>projection_rebuilt</c> the node lists once it lists more than <paramref name="after"/>: the job says
    /// done a moment before the run appends it.
    /// </summary>
    private static async Task<JsonNode> NewestRecordAsync(HttpClient node, int after)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var history = (await node.GetFromJsonAsync<JsonArray>("/api/projections/rebuilds"))!;
            if (history.Count > after) return history[0]!;
            if (clock.Elapsed > Patience) throw new TimeoutException($"No new projection_rebuilt within {Patience}");
            await Task.Delay(50);
        }
    }

    private static string? RebuildState(JsonObject row) => row["rebuild"]?["state"]?.GetValue<string>();

    private static long Done(JsonObject row) => row["rebuild"]!["done"]!.GetValue<long>();

    private static async Task<JsonObject> RowAsync(HttpClient node) =>
        (await node.GetFromJsonAsync<JsonArray>("/api/projections"))!.Select(p => p!.AsObject()).Single(p => p["name"]!.GetValue<string>() == Projection);

    /// <summary>Reads the node's catalogue row until <paramref name="until"/> holds, handing each read to <paramref name="each"/>.</summary>
    private static async Task<JsonObject> PollAsync(HttpClient node, Func<JsonObject, bool> until, Action<JsonObject>? each = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var row = await RowAsync(node);
            each?.Invoke(row);
            if (until(row)) return row;
            if (clock.Elapsed > Patience) throw new TimeoutException($"Not true within {Patience}; the row: {row.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
