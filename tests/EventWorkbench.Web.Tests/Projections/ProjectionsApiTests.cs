using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Projections;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Api;
using Npgsql;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Projections;

/// <summary><c>/api/projections</c>: the catalogue, rebuild with its progress, cancel and resume, for the admin scope only.</summary>
public sealed class ProjectionsApiTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _admin = host.Client(ApiHost.AdminKey);

    [Fact]
    public async Task The_catalogue_lists_every_registered_projection_and_inline_ones_sit_at_the_high_water_mark()
    {
        await AppendAsync();

        var projections = (await _admin.GetFromJsonAsync<JsonArray>("/api/projections"))!.Select(p => p!.AsObject()).ToList();

        projections.Select(p => p["name"]!.GetValue<string>()).ShouldContain("ProposalReview");
        projections.Select(p => p["name"]!.GetValue<string>()).ShouldContain("InteractionSummary");
        var review = projections.Single(p => p["name"]!.GetValue<string>() == "ProposalReview");
        review["lifecycle"]!.GetValue<string>().ShouldBe("inline");
        review["positionIsHighWaterMark"]!.GetValue<bool>().ShouldBeTrue();
        review["position"]!.GetValue<long>().ShouldBe(review["highWaterMark"]!.GetValue<long>());
        review["documents"]!.GetValue<long>().ShouldBeGreaterThan(0);
        review["state"]!.GetValue<string>().ShouldBe("running");
    }

    [Fact]
    public async Task A_rebuild_answers_202_with_its_location_and_ends_done_in_the_history()
    {
        await AppendAsync();

        var response = await _admin.PostAsync("/api/projections/InteractionSummary/rebuild", null);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe("/api/projections/InteractionSummary");
        var started = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        started["state"]!.GetValue<string>().ShouldBe("running");
        started["total"]!.GetValue<long>().ShouldBeGreaterThan(0);
        JsonObject? rebuild = null;
        for (var i = 0; i < 300 && rebuild?["state"]?.GetValue<string>() != "done"; i++)
        {
            await Task.Delay(100);
            rebuild = (await _admin.GetFromJsonAsync<JsonObject>(response.Headers.Location))!["rebuild"]!.AsObject();
        }
        rebuild!["state"]!.GetValue<string>().ShouldBe("done");
        rebuild["percent"]!.GetValue<double>().ShouldBe(100);
        var history = (await _admin.GetFromJsonAsync<JsonArray>("/api/projections/rebuilds"))!;
        history[0]!["name"]!.GetValue<string>().ShouldBe("InteractionSummary");
        history[0]!["by"]!.GetValue<string>().ShouldBe("operator");
    }

    [Fact]
    public async Task An_unknown_projection_is_404_problem_json_naming_it()
    {
        foreach (var path in new[] { "/api/projections/Nope/rebuild", "/api/projections/Nope/rebuild/resume" })
        {
            var response = await _admin.PostAsync(path, null);
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("'Nope'");
        }
        (await _admin.GetAsync("/api/projections/Nope")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_rebuild_while_one_runs_is_409_and_cancel_or_resume_without_one_is_409_or_400()
    {
        // Another node runs a rebuild: its job says so, and it holds the projection's rebuild claim (an advisory lock).
        const string name = "ProposalReview";
        using var otherNodeStore = TestStores.For(host.Database);
        await using (var otherNode = new NpgsqlConnection(host.Database.AdminConnectionString))
        {
            await otherNode.OpenAsync();
            await using (var take = new NpgsqlCommand($"select pg_advisory_lock(hashtext('eventworkbench-rebuild:{name}'))", otherNode))
                await take.ExecuteNonQueryAsync();

            var busy = await _admin.PostAsync($"/api/projections/{name}/rebuild", null); // no job yet: an erasure holds it so too

            busy.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            busy.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            (await busy.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("being changed right now");

            var now = DateTimeOffset.UtcNow;
            await using (var session = otherNodeStore.LightweightSession())
            {
                session.Store(new RebuildJob { Id = name, By = "ben", Node = "node-b", State = RebuildState.Running, StartedAt = now, RunStartedAt = now, UpdatedAt = now, Total = 10 });
                await session.SaveChangesAsync();
            }
            try
            {
                var conflict = await _admin.PostAsync($"/api/projections/{name}/rebuild", null);

                conflict.StatusCode.ShouldBe(HttpStatusCode.Conflict);
                (await conflict.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("already rebuilding (started by ben on node-b");
            }
            finally
            {
                await using var session = otherNodeStore.LightweightSession();
                session.Delete<RebuildJob>(name);
                await session.SaveChangesAsync();
            }
        }

        var noReason = await _admin.PostAsJsonAsync("/api/projections/ProposalReview/rebuild/cancel", new { reason = " " });
        noReason.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noReason.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["reason"].ShouldNotBeNull();
        (await _admin.PostAsJsonAsync("/api/projections/ProposalReview/rebuild/cancel", new { reason = "peak hours" }))
            .StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await _admin.PostAsync("/api/projections/ProposalReview/rebuild/resume", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_cancel_for_an_unknown_projection_is_404_whatever_the_body_says_and_a_known_ones_body_is_checked()
    {
        const string unknown = "/api/projections/NoSuchProjection/rebuild/cancel";
        HttpContent?[] bodies =
        [
            null, Body("{}"), Body("""{ "reason": " " }"""), Body("{ \"reason\": "),
            new StringContent("why not", System.Text.Encoding.UTF8, "text/plain"), Body("""{ "reason": "peak hours" }"""),
        ];

        foreach (var body in bodies)
        {
            var problem = await (await _admin.PostAsync(unknown, body)).ProblemAsync(HttpStatusCode.NotFound);
            problem["detail"]!.ToString().ShouldStartWith("There is no projection named 'NoSuchProjection'; the projections are ");
        }
        (await (await _admin.PostAsync("/api/projections/ProposalReview/rebuild/cancel", null)).ProblemAsync(HttpStatusCode.BadRequest))
            .ErrorsFor("reason").ShouldNotBeEmpty();
        await (await _admin.PostAsync("/api/projections/ProposalReview/rebuild/cancel", new StringContent("why not", System.Text.Encoding.UTF8, "text/plain")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_cancel_of_a_rebuild_that_has_replayed_every_event_is_409_saying_it_is_finishing()
    {
        const string name = "ReviewerActivity";
        using (var store = TestStores.For(host.Database))
        await using (var session = store.LightweightSession())
        {
            var at = DateTimeOffset.UtcNow;
            session.Store(new RebuildJob
            {
                Id = name, By = "ana", Node = "elsewhere", StartedAt = at, RunStartedAt = at, UpdatedAt = at,
                State = RebuildState.Running, TornDownAt = 10, Done = 10, Total = 10, Finishing = true,
            });
            await session.SaveChangesAsync();
        }

        var response = await _admin.PostAsJsonAsync($"/api/projections/{name}/rebuild/cancel", new { reason = "too late" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("is finishing; it can no longer be cancelled");
    }

    [Theory]
    [InlineData(ApiHost.ReadKey)]
    [InlineData(ApiHost.AppendKey)]
    [InlineData(ApiHost.ExportKey)]
    public async Task Keys_without_the_admin_scope_get_403_and_write_nothing(string key)
    {
        var client = host.Client(key);
        var before = await host.EventRowCountAsync();

        (await client.GetAsync("/api/projections")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await client.PostAsync("/api/projections/ProposalReview/rebuild", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await host.EventRowCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task Without_a_key_the_api_answers_401()
    {
        using var anonymous = host.Client(null);
        (await anonymous.GetAsync("/api/projections")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task AppendAsync()
    {
        using var writer = host.Client(ApiHost.AppendKey);
        (await writer.PostEventsAsync($"projections-{Guid.NewGuid():N}", Batch(Started(), Proposal("p1")))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}
