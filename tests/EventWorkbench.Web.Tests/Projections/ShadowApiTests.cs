using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Projections;
using EventWorkbench.Web.Tests.Api;
using Npgsql;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Projections;

/// <summary><c>/api/projections/{name}/shadow</c>: build, status, changes, promote and discard, with the admin scope only.</summary>
public sealed class ShadowApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private const string Shadow = "/api/projections/ProposalReview/shadow";
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);
    private readonly HttpClient _admin = host.Client(ApiHost.AdminKey);

    private async Task<JsonObject> BuildAsync()
    {
        (await _writer.PostEventsAsync($"shadow-api-{Guid.NewGuid():N}", Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);
        var started = await _admin.PostAsync(Shadow, null);
        started.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        started.Headers.Location!.ToString().ShouldBe(Shadow);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var status = (await _admin.GetFromJsonAsync<JsonObject>(Shadow))!;
            if (status["state"]!.GetValue<string>() != "building") return status;
            await Task.Delay(100);
        }
        throw new TimeoutException("The shadow build did not finish in 30 s");
    }

    [Fact]
    public async Task A_shadow_of_the_unchanged_projection_is_built_with_no_changes_then_promoted_and_recorded()
    {
        var status = await BuildAsync();

        status["state"]!.GetValue<string>().ShouldBe("built", status.ToJsonString());
        var summary = status["summary"]!.AsObject();
        (summary["added"]!.GetValue<long>(), summary["removed"]!.GetValue<long>(), summary["changed"]!.GetValue<long>()).ShouldBe((0L, 0L, 0L));
        var changes = (await _admin.GetFromJsonAsync<JsonObject>($"{Shadow}/changes?page=1"))!;
        changes["total"]!.GetValue<long>().ShouldBe(0);
        changes["items"]!.AsArray().ShouldBeEmpty();

        var promoted = await _admin.PostAsync($"{Shadow}/promote", null);

        promoted.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await promoted.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldStartWith("Promoted");
        (await _admin.GetFromJsonAsync<JsonObject>(Shadow))!["state"]!.GetValue<string>().ShouldBe("none");
        var again = await _admin.PostAsync($"{Shadow}/promote", null);
        await ShouldBeProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Promote_after_new_events_is_409_and_discard_drops_the_shadow()
    {
        await BuildAsync();
        (await _writer.PostEventsAsync($"shadow-api-{Guid.NewGuid():N}", Batch(Started()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var refused = await _admin.PostAsync($"{Shadow}/promote", null);
        (await ShouldBeProblemAsync(refused, HttpStatusCode.Conflict))["detail"]!.GetValue<string>().ShouldContain("arrived after the shadow's position");

        var discarded = await _admin.DeleteAsync(Shadow);
        discarded.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _admin.GetFromJsonAsync<JsonObject>(Shadow))!["state"]!.GetValue<string>().ShouldBe("none");
        await ShouldBeProblemAsync(await _admin.PostAsync($"{Shadow}/discard", null), HttpStatusCode.Conflict);
        await ShouldBeProblemAsync(await _admin.GetAsync($"{Shadow}/changes"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task While_another_node_builds_the_shadow_start_promote_and_discard_are_409_saying_who_builds()
    {
        var built = (await BuildAsync())["summary"]!.ToJsonString();
        await AsOwnerAsync($"""
            INSERT INTO {ShadowSchema.Running} (projection, build_id, node, started_by, started_at, heartbeat_at)
            VALUES ('ProposalReview', gen_random_uuid(), 'node-b', 'ben', now(), now())
            """);
        try
        {
            var before = await host.EventRowCountAsync();

            foreach (var response in new[]
            {
                await _admin.PostAsync(Shadow, null), await _admin.PostAsync($"{Shadow}/promote", null),
                await _admin.PostAsync($"{Shadow}/discard", null), await _admin.DeleteAsync(Shadow),
            })
            {
                var problem = await ShouldBeProblemAsync(response, HttpStatusCode.Conflict);
                problem["title"]!.GetValue<string>().ShouldBe("Shadow build running");
                problem["detail"]!.GetValue<string>().ShouldContain("started by ben on node-b");
            }
            (await host.EventRowCountAsync()).ShouldBe(before);
            (await _admin.GetFromJsonAsync<JsonObject>(Shadow))!["state"]!.GetValue<string>().ShouldBe("building");
        }
        finally
        {
            await AsOwnerAsync($"DELETE FROM {ShadowSchema.Running}");
        }
        (await _admin.GetFromJsonAsync<JsonObject>(Shadow))!["summary"]!.ToJsonString().ShouldBe(built);
    }

    [Theory]
    [InlineData("GET", "/api/projections/NoSuch/shadow")]
    [InlineData("POST", "/api/projections/NoSuch/shadow")]
    [InlineData("GET", "/api/projections/NoSuch/shadow/changes")]
    [InlineData("POST", "/api/projections/NoSuch/shadow/promote")]
    [InlineData("POST", "/api/projections/NoSuch/shadow/discard")]
    [InlineData("DELETE", "/api/projections/NoSuch/shadow")]
    public async Task An_unknown_projection_is_404_naming_it(string method, string path)
    {
        var response = await _admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        (await ShouldBeProblemAsync(response, HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldContain("'NoSuch'");
    }

    [Fact]
    public async Task A_page_that_does_not_read_is_400_naming_it()
    {
        var response = await _admin.GetAsync($"{Shadow}/changes?page=0&pageSize=1000");

        var problem = await ShouldBeProblemAsync(response, HttpStatusCode.BadRequest);
        problem["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["page", "pageSize"], ignoreOrder: true);
    }

    [Fact]
    public async Task Only_the_admin_scope_may_use_shadows()
    {
        var before = await host.EventRowCountAsync();

        (await host.Client(ApiHost.ReadKey).PostAsync(Shadow, null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.Client(ApiHost.ReadKey).GetAsync(Shadow)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.Client().PostAsync($"{Shadow}/promote", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await host.Client(ApiHost.ReadKey).DeleteAsync(Shadow)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await host.EventRowCountAsync()).ShouldBe(before);
    }

    private async Task AsOwnerAsync(string sql)
    {
        await using var owner = NpgsqlDataSource.Create(host.Database.AdminConnectionString);
        await using var command = owner.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<JsonObject> ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
