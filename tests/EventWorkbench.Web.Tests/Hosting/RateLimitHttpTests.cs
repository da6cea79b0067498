using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using EventWorkbench.Access;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Access;
using EventWorkbench.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>The app with small limits, so a test reaches them in a few requests.</summary>
public sealed class RateLimitedHost : ApiHost
{
    public const int Appends = 3;
    public const int Reads = 4;
    public const int Anonymous = 2;
    public const int SignInsPerUser = 3;
    public const int SignInsPerAddress = 5;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimits:AppendsPerMinute"] = Appends.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:ReadsPerMinute"] = Reads.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:AnonymousApiPerMinute"] = Anonymous.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:SignInsPerUserPerMinute"] = SignInsPerUser.ToString(CultureInfo.InvariantCulture),
        ["RateLimits:SignInsPerAddressPerMinute"] = SignInsPerAddress.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Rate limits over real HTTP: per API key (appends and reads apart), per client address without a key, and sign-in
/// attempts per user name and per client address. Each test uses its own keys, names and loopback addresses.
/// </summary>
public sealed class RateLimitHttpTests(RateLimitedHost host) : IClassFixture<RateLimitedHost>
{
    private async Task<string> NewKeyAsync(params string[] scopes)
    {
        var (decision, created) = await host.Services.GetRequiredService<ApiKeyAdministration>()
            .CreateAsync($"key-{Guid.NewGuid():N}"[..16], scopes, null, [], AccessHttp.Admin);
        decision.Refusal.ShouldBeNull();
        return created!.Secret;
    }

    [Fact]
    public async Task Appends_over_the_keys_limit_get_429_with_retry_after_and_write_nothing_while_its_reads_go_on()
    {
        using var client = host.Client(await NewKeyAsync("append", "read"));
        for (var i = 0; i < RateLimitedHost.Appends; i++)
            (await client.PostEventsAsync(NewStreamId(), Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var rows = await host.EventRowCountAsync();

        var refused = await client.PostEventsAsync(NewStreamId(), Batch(Started()));

        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfter(refused).ShouldBeInRange(1, 60);
        problem["detail"]!.ToString().ShouldContain("appends");
        problem["detail"]!.ToString().ShouldContain("Nothing was written");
        (await host.EventRowCountAsync()).ShouldBe(rows);
        (await client.GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.OK, "reads have a limit of their own");
    }

    [Fact]
    public async Task Reads_over_the_keys_limit_get_429_and_every_holder_of_the_key_shares_the_limit()
    {
        var secret = await NewKeyAsync("read");
        using var first = host.Client(secret);
        using var second = LoopbackClients.From(host.BaseAddress, "127.0.0.41");
        second.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        for (var i = 0; i < RateLimitedHost.Reads; i++)
            (await (i % 2 == 0 ? first : second).GetAsync("/api/proposals")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await second.GetAsync("/api/streams");

        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfter(refused).ShouldBeInRange(1, 60);
        problem["detail"]!.ToString().ShouldContain("reads");
        using var other = host.Client(await NewKeyAsync("read"));
        (await other.GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.OK, "another key has its own limit");
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_per_client_address()
    {
        using var guesser = LoopbackClients.From(host.BaseAddress, "127.0.0.42");
        using var neighbour = LoopbackClients.From(host.BaseAddress, "127.0.0.43");
        for (var i = 0; i < RateLimitedHost.Anonymous; i++)
        {
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/api/streams");
            guess.Headers.Authorization = new AuthenticationHeaderValue("Bearer", $"guess-{i}");
            (await guesser.SendAsync(guess)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        using var over = new HttpRequestMessage(HttpMethod.Get, "/api/streams");
        over.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "one guess too many");
        var refused = await guesser.SendAsync(over);

        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        RetryAfter(refused).ShouldBeInRange(1, 60);
        (await neighbour.GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "another address has its own limit");
    }

    [Fact]
    public async Task Sign_ins_for_one_name_are_limited_from_whatever_address_and_the_page_says_so()
    {
        var target = await host.NewAccountAsync(AccessRoles.Viewer);
        for (var i = 0; i < RateLimitedHost.SignInsPerUser; i++)
        {
            using var attacker = LoopbackClients.From(host.BaseAddress, $"127.0.0.{51 + i}");
            (await FormSignIn.PostAsync(attacker, target, $"guess number {i}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        using var last = LoopbackClients.From(host.BaseAddress, "127.0.0.59");

        var refused = await FormSignIn.PostAsync(last, target, AccessHttp.Password); // even the right password waits

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        RetryAfter(refused).ShouldBeInRange(1, 60);
        refused.Headers.Contains("Set-Cookie").ShouldBeFalse();
        var html = await refused.Content.ReadAsStringAsync();
        html.ShouldContain("Too many sign-in attempts");
        html.ShouldContain("id=\"username\""); // the sign-in page itself, with its form
        var failures = (await host.AccessLogAsync()).Where(e => e.Type == "sign_in_failed" && e.Actor == target).ToList();
        failures.Count.ShouldBe(RateLimitedHost.SignInsPerUser, "a refused attempt checks no password and writes nothing");
    }

    [Fact]
    public async Task Sign_ins_from_one_address_are_limited_whatever_names_they_try()
    {
        using var sprayer = LoopbackClients.From(host.BaseAddress, "127.0.0.61");
        for (var i = 0; i < RateLimitedHost.SignInsPerAddress; i++)
            (await FormSignIn.PostAsync(sprayer, $"name-{Guid.NewGuid():N}"[..12], "Spring2026!")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var refused = await FormSignIn.PostAsync(sprayer, $"name-{Guid.NewGuid():N}"[..12], "Spring2026!");

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        RetryAfter(refused).ShouldBeInRange(1, 60);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("Too many sign-in attempts");
        var viewer = await host.NewAccountAsync(AccessRoles.Viewer);
        using var colleague = LoopbackClients.From(host.BaseAddress, "127.0.0.62");
        (await FormSignIn.PostAsync(colleague, viewer, AccessHttp.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect, "another address signs in");
    }

    private static int RetryAfter(HttpResponseMessage response) =>
        int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
}
