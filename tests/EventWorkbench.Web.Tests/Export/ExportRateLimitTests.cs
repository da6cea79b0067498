using System.Net;
using EventWorkbench.Access;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Api;
using EventWorkbench.Web.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Export;

/// <summary>The export API is an API read: it counts against its key's reads limit, shared with the key's other reads.</summary>
public sealed class ExportRateLimitTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    private async Task<HttpClient> NewClientAsync()
    {
        var (decision, created) = await host.Services.GetRequiredService<ApiKeyAdministration>()
            .CreateAsync($"exp-{Guid.NewGuid():N}"[..16], ["read", "export"], null, [], AccessHttp.Admin);
        decision.Refusal.ShouldBeNull();
        return host.Client(created!.Secret);
    }

    [Fact]
    public async Task Exports_count_against_the_keys_reads_limit_and_over_it_get_429_naming_reads()
    {
        using var client = await NewClientAsync();
        for (var i = 0; i < RateLimitedHost.Reads - 1; i++)
            (await client.GetAsync("/api/exports/trl-sft?part=manifest")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.OK, "the last read of the window");

        var refused = await client.GetAsync("/api/exports/trl-sft");

        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        problem["detail"]!.ToString().ShouldContain("reads");
        (await client.GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "exports and reads share one limit");
        using var other = await NewClientAsync();
        (await other.GetAsync("/api/exports/trl-sft?part=manifest")).StatusCode.ShouldBe(HttpStatusCode.OK, "another key has its own limit");
    }
}
