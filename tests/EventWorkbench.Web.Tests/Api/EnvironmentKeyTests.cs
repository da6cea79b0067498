using System.Net;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

/// <summary>Keys set as environment variables (Api__Keys__ci__Secret, Api__Keys__ci__Scopes__0) work as documented.</summary>
public sealed class EnvironmentKeyTests : IAsyncLifetime
{
    private readonly string _secret = Guid.NewGuid().ToString("N");
    private readonly ApiHost _host = new();

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("Api__Keys__ci__Secret", _secret);
        Environment.SetEnvironmentVariable("Api__Keys__ci__Scopes__0", "append");
        await _host.InitializeAsync();
    }

    [Fact]
    public async Task A_key_from_environment_variables_can_append_but_has_only_its_scopes()
    {
        var client = _host.Client(_secret);
        var stream = NewStreamId();

        (await client.PostEventsAsync(stream, Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await client.GetAsync($"/api/streams/{stream}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable("Api__Keys__ci__Secret", null);
        Environment.SetEnvironmentVariable("Api__Keys__ci__Scopes__0", null);
        await _host.DisposeAsync();
    }
}
