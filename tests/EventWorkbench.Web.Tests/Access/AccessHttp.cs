using System.Net;
using EventWorkbench.Access;
using EventWorkbench.Testing;
using EventWorkbench.Web.Tests.Api;
using Microsoft.Extensions.DependencyInjection;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>Arranging accounts on the running app the way the admin pages do, and reading what the pages answer.</summary>
public static class AccessHttp
{
    public const string Password = "a password long enough";

    /// <summary>A new account with a unique name and the given roles, created by the configured admin.</summary>
    public static async Task<string> NewAccountAsync(this ApiHost host, params string[] roles)
    {
        var name = $"u-{Guid.NewGuid():N}"[..14];
        var decision = await host.Services.GetRequiredService<AccountAdministration>()
            .CreateAsync(name, Password, roles, new AccessActor(ApiHost.AdminUser, "127.0.0.1"));
        decision.Refusal.ShouldBeNull();
        return name;
    }

    public static AccessActor Admin => new(ApiHost.AdminUser, "127.0.0.1");

    public static Task<HttpClient> SignedInAsync(this ApiHost host, string userName) => FormSignIn.SignedInClientAsync(host.BaseAddress, userName, Password);

    /// <summary>The path and query a redirect leads to.</summary>
    public static string RedirectTarget(this HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var location = response.Headers.Location.ShouldNotBeNull();
        if (!location.IsAbsoluteUri) return location.OriginalString;
        // Another host is never a local target: return the whole address so no path comparison can pass.
        return location.Authority == response.RequestMessage!.RequestUri!.Authority ? location.PathAndQuery : location.AbsoluteUri;
    }

    public static async Task<IReadOnlyList<AccessLogEntry>> AccessLogAsync(this ApiHost host) =>
        await host.Services.GetRequiredService<AccessQueries>().RecentAsync(1000);
}
