using System.Net;
using EventWorkbench.Web.Hosting;
using EventWorkbench.Web.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>The app in Production with two endpoints that fail the way a bug does.</summary>
public sealed class FailingHost : ApiHost
{
    public const string Secret = "connection to db-7.internal refused for user 'svc_workbench'";

    protected override void MapTestEndpoints(WebApplication app)
    {
        app.MapGet("/api/test/fails", string () => throw new InvalidOperationException(Secret));
        app.MapPost("/api/test/fails", string () => throw new InvalidOperationException(Secret));
        app.MapGet("/test/fails", string () => throw new InvalidOperationException(Secret));
    }
}

/// <summary>Outside Development an unhandled exception shows neither its message, its type nor its stack.</summary>
public sealed class UnhandledErrorHttpTests(FailingHost host) : IClassFixture<FailingHost>
{
    [Fact]
    public async Task A_failing_api_request_gets_a_problem_without_message_type_or_stack()
    {
        var response = await host.Client(ApiHost.ReadKey).GetAsync("/api/test/fails");

        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        ShouldTellNothing(problem.ToJsonString());
        problem["detail"]!.ToString().ShouldContain("logged the error under the reference");
        problem["detail"]!.ToString().ShouldNotContain("may or may not", Case.Insensitive); // a read changes nothing
        SecurityHeadersHttpTests.Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
    }

    [Fact]
    public async Task A_failing_api_request_that_changes_something_says_it_may_have_taken_effect_and_only_an_append_names_the_idempotency_key()
    {
        var response = await host.Client(ApiHost.AdminKey).PostAsync("/api/test/fails", null);

        var detail = (await response.ProblemAsync(HttpStatusCode.InternalServerError))["detail"]!.ToString();
        detail.ShouldContain("may or may not have taken effect");
        detail.ShouldNotContain("Idempotency-Key");
        var append = new DefaultHttpContext { Request = { Method = "POST", Path = "/api/streams/order-1/events" } }.Request;
        UnhandledErrors.ApiDetail(append, "ref-1").ShouldContain("retry it with the same Idempotency-Key");
    }

    [Fact]
    public async Task A_failing_page_gets_a_plain_error_page_without_message_type_or_stack()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/test/fails");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await host.Client().SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Something went wrong");
        html.ShouldContain(WorkbenchIcon.Link); // or Chromium asks for /favicon.ico, which is not served
        ShouldTellNothing(html);
        SecurityHeadersHttpTests.Policy(response)["default-src"].ShouldBe("'self'");
    }

    private static void ShouldTellNothing(string body)
    {
        body.ShouldNotContain("db-7.internal");
        body.ShouldNotContain("svc_workbench");
        body.ShouldNotContain(nameof(InvalidOperationException));
        body.ShouldNotContain("Exception");
        body.ShouldNotContain(" at ");
        body.ShouldNotContain(".cs:line");
        body.ShouldNotContain("EventWorkbench.Web.Tests");
    }
}
