using System.Net;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

public sealed class AuthApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private async Task AssertNothingWrittenAsync(string stream) =>
        (await host.Client(ApiHost.ReadKey).GetAsync($"/api/streams/{stream}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

    [Fact]
    public async Task No_key_returns_401_problem_with_a_bearer_challenge()
    {
        var stream = NewStreamId();
        var response = await host.Client().PostEventsAsync(stream, Batch(Started()));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldContain("Bearer");
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        await AssertNothingWrittenAsync(stream);
    }

    [Fact]
    public async Task A_wrong_key_returns_401()
    {
        var stream = NewStreamId();
        var response = await host.Client("not-a-key").PostEventsAsync(stream, Batch(Started()));
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ReadObjectAsync())["detail"]!.ToString().ShouldContain("not valid");
        await AssertNothingWrittenAsync(stream);
    }

    [Fact]
    public async Task A_key_without_the_append_scope_returns_403()
    {
        var stream = NewStreamId();
        var response = await host.Client(ApiHost.ReadKey).PostEventsAsync(stream, Batch(Started()));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.ReadObjectAsync())["detail"]!.ToString()
            .ShouldBe("The API key 'reader' may not use this: it takes a key with the append or admin scope (it has read)");
        await AssertNothingWrittenAsync(stream);
    }

    [Fact]
    public async Task A_key_without_the_read_scope_cannot_read_and_is_told_which_scopes_can()
    {
        var refused = await host.Client(ApiHost.AppendKey).GetAsync("/api/streams");
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await refused.ReadObjectAsync())["detail"]!.ToString()
            .ShouldBe("The API key 'writer' may not use this: it takes a key with the read or admin scope (it has append)");
        (await host.Client().GetAsync("/api/streams")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_admin_scope_covers_every_scope()
    {
        var admin = host.Client(ApiHost.AdminKey);
        var stream = NewStreamId();
        (await admin.PostEventsAsync(stream, Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await admin.GetAsync($"/api/streams/{stream}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
