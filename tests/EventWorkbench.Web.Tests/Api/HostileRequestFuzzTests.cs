using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>
/// Hundreds of malformed requests (<see cref="HostileRequests"/>) against every API endpoint. Their number comes from
/// FUZZ_REQUESTS (default 500) and their seed from FUZZ_SEED, so a larger run by hand or a failing one again is one
/// variable away.
/// </summary>
public sealed partial class HostileRequestFuzzTests(ApiHost host, ITestOutputHelper output) : IClassFixture<ApiHost>
{
    private const int DefaultCount = 500;
    private const int DefaultSeed = 20_261_129;

    [Fact]
    public async Task Malformed_requests_never_get_a_5xx_get_problem_json_and_write_no_row()
    {
        var count = HostileRequests.CountFromEnvironment(DefaultCount);
        var seed = HostileRequests.SeedFromEnvironment(DefaultSeed);
        var requests = HostileRequests.Generate(seed, count).ToList();
        var rowsBefore = await host.EventRowCountAsync();
        var failures = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();

        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, _) =>
        {
            var response = await RawHttp.SendAsync(host.BaseAddress, request.Bytes, TimeSpan.FromSeconds(20));
            statuses.AddOrUpdate($"{request.Kind} → {response.Status}", 1, (_, n) => n + 1);
            if (Fault(request, response) is { } fault) failures.Add($"{request}\n    got {response}\n    {fault}");
        });

        output.WriteLine($"{requests.Count} requests (seed {seed}, {HostileRequests.KindCount} kinds) in {clock.Elapsed.TotalSeconds:N1} s");
        foreach (var (outcome, n) in statuses.OrderBy(pair => pair.Key, StringComparer.Ordinal)) output.WriteLine($"  {outcome}: {n}");
        requests.Count.ShouldBe(count);
        failures.ShouldBeEmpty(string.Join("\n", failures.Take(20)));
        (await host.EventRowCountAsync()).ShouldBe(rowsBefore, "a refused request left a row in mt_events");
    }

    /// <summary>What is wrong with the answer to a malformed request, or null when it is as it must be.</summary>
    private static string? Fault(HostileRequest request, RawResponse response)
    {
        if (response.Status == 0) return "no answer";
        if (response.Status >= 500) return "a 5xx";
        if (request.MustBeRefused && response.Status < 400) return "a request with a defect was accepted";
        if (response.Status < 400) return null;
        if (request.AnsweredByKestrel)
        {
            // Kestrel refuses these while parsing, before the app runs: a bare status, no body (see HostileTransportTests).
            return response.Body.Length == 0 ? null : $"expected Kestrel's bare answer, got a body";
        }
        if (!response.IsProblem) return "an error that is not application/problem+json";
        var problem = response.Problem();
        if ((int?)problem["status"] != response.Status) return "the problem's status is not the response's";
        return TypeName().IsMatch(problem.ToJsonString()) ? "the problem shows a .NET type name" : null;
    }

    [GeneratedRegex(@"System\.|Microsoft\.|EventWorkbench\.|Marten\.|Npgsql|JsonElement|Nullable<|Int32|Int64")]
    private static partial Regex TypeName();
}
