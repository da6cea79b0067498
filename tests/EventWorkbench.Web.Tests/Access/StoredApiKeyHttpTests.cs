using System.Net;
using EventWorkbench.Access;
using EventWorkbench.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>Keys created on the admin page authenticate the API through the same handler as configured keys.</summary>
public sealed class StoredApiKeyHttpTests(ApiHost host) : IClassFixture<ApiHost>
{
    private ApiKeyAdministration Keys => host.Services.GetRequiredService<ApiKeyAdministration>();

    private async Task<CreatedApiKey> CreateAsync(string[] scopes, DateTimeOffset? expiresAt = null)
    {
        var (decision, created) = await Keys.CreateAsync($"key-{Guid.NewGuid():N}"[..16], scopes, expiresAt, [], AccessHttp.Admin);
        decision.Refusal.ShouldBeNull();
        return created!;
    }

    [Fact]
    public async Task A_created_key_works_with_its_scopes_and_its_name_is_the_actor_of_what_it_appends()
    {
        var created = await CreateAsync(["append", "read"]);
        using var client = host.Client(created.Secret);
        var stream = NewStreamId();

        (await client.PostEventsAsync(stream, Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var events = await (await client.GetAsync($"/api/streams/{stream}/events")).ReadObjectAsync();
        events["events"]![0]!["actor"]!.GetValue<string>().ShouldBe(created.Key.Name);
        (await host.Client(created.Secret).GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_created_key_without_a_scope_gets_403()
    {
        var created = await CreateAsync(["read"]);
        (await host.Client(created.Secret).PostEventsAsync(NewStreamId(), Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once()
    {
        var created = await CreateAsync(["read"]);
        (await host.Client(created.Secret).GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await Keys.RevokeAsync(created.Key.Id, AccessHttp.Admin)).Succeeded.ShouldBeTrue();

        var response = await host.Client(created.Secret).GetAsync("/api/streams");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadObjectAsync())["detail"]!.ToString().ShouldContain("not valid");
    }

    [Fact]
    public async Task An_expired_key_gets_401_saying_so()
    {
        var created = await CreateAsync(["read"], DateTimeOffset.UtcNow.AddSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var response = await host.Client(created.Secret).GetAsync("/api/streams");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadObjectAsync())["detail"]!.ToString().ShouldContain("has expired");
    }

    [Fact]
    public async Task A_key_in_use_shows_when_it_was_last_used()
    {
        var created = await CreateAsync(["read"]);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await host.Client(created.Secret).GetAsync("/api/streams");

        var listed = (await host.Services.GetRequiredService<AccessQueries>().ApiKeysAsync()).Single(k => k.Id == created.Key.Id);
        listed.LastUsedAt.ShouldNotBeNull().ShouldBeGreaterThan(before);
    }
}
