using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using EventWorkbench.Web.Tests.Api;

namespace EventWorkbench.Web.Tests.Evidence;

/// <summary>What <c>/api/evidence</c> (and <c>/api/seals/check</c>, which also reads a kept JSON file) answers a client it cannot serve: no credentials, or a body that is not a bundle.</summary>
public sealed class EvidenceApiRefusalTests(ApiHost host) : IClassFixture<ApiHost>
{
    [Theory]
    [InlineData("GET", "/api/evidence/streams/s1")]
    [InlineData("GET", "/api/evidence/proposals/s1/p1")]
    [InlineData("GET", "/api/evidence/correlations/c1")]
    [InlineData("POST", "/api/evidence/verify")]
    public async Task Without_credentials_an_api_client_gets_401_problem_json_not_a_redirect_to_the_sign_in_page(string method, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");

        var response = await client.SendAsync(request);

        response.Headers.Location.ShouldBeNull();
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
    }

    [Theory]
    [InlineData("[]", "body")]
    [InlineData("""{ "format": "eventworkbench-evidence/1", "events": 5 }""", "events")]
    [InlineData("""{ "format": "x" }""", "format")]
    public async Task A_body_that_is_not_a_bundle_gets_400_naming_the_field_and_no_dotnet_type(string body, string field)
    {
        using var admin = host.Client(ApiHost.AdminKey);

        var response = await admin.PostAsync("/api/evidence/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        problem["errors"].ShouldBeOfType<JsonObject>(problem.ToJsonString());
        problem.ErrorsFor(field).ShouldNotBeEmpty(problem.ToJsonString());
        problem.ToJsonString().ShouldNotMatch(@"EventWorkbench\.|System\.");
    }

    [Fact]
    public async Task A_field_whose_name_holds_a_colon_is_named_whole_with_its_message_apart()
    {
        using var admin = host.Client(ApiHost.AdminKey);
        const string body = """{ "format": "eventworkbench-evidence/1", "events": [ { "canonical": { "a: b": 5 } } ] }""";

        var response = await admin.PostAsync("/api/evidence/verify", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        const string field = "events[0].canonical['a: b']";
        problem["errors"]!.AsObject().Select(pair => pair.Key).ShouldBe([field], problem.ToJsonString());
        problem.ErrorsFor(field).ShouldBe(["has the wrong type for an evidence bundle"]);
        problem["detail"]!.ToString().ShouldBe($"{field}: has the wrong type for an evidence bundle");
    }

    [Theory]
    [InlineData("/api/evidence/verify", "text/plain")]
    [InlineData("/api/evidence/verify", "application/json; charset=utf-16")]
    [InlineData("/api/seals/check", "text/plain")]
    [InlineData("/api/seals/check", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_declared_as_utf8_json_gets_415_before_it_is_read(string path, string contentType)
    {
        using var admin = host.Client(ApiHost.AdminKey);
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{}"));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        var problem = await (await admin.PostAsync(path, content)).ProblemAsync(HttpStatusCode.UnsupportedMediaType);

        problem["detail"]!.ToString().ShouldContain("Content-Type: application/json");
    }
}
