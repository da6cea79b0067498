using System.Net;
using System.Text.RegularExpressions;

namespace EventWorkbench.Testing;

/// <summary>
/// Signs an HTTP client in the way a browser does: GET /signin for the form's antiforgery token (and its cookie),
/// then POST the form. The client keeps the session cookie.
/// </summary>
public static partial class FormSignIn
{
    /// <summary>A client with a cookie jar that does not follow redirects, so tests see each answer.</summary>
    public static HttpClient NewClient(Uri baseAddress) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseAddress,
        };

    /// <summary>A client signed in as <paramref name="userName"/>; throws when the sign-in is refused.</summary>
    public static async Task<HttpClient> SignedInClientAsync(Uri baseAddress, string userName, string password)
    {
        var client = NewClient(baseAddress);
        var response = await PostAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}, not a redirect");
        return client;
    }

    /// <summary>Posts the sign-in form (with a fresh antiforgery token) to /signin, or to <paramref name="address"/>.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password, string address = "/signin")
    {
        var token = await AntiforgeryTokenAsync(client, address);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin",
            ["__RequestVerificationToken"] = token,
            ["Form.UserName"] = userName,
            ["Form.Password"] = password,
        });
        return await client.PostAsync(new Uri(address, UriKind.Relative), form);
    }

    /// <summary>The antiforgery token of the form on the page at <paramref name="address"/> (its cookie goes to the client's jar).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string address)
    {
        var html = await client.GetStringAsync(new Uri(address, UriKind.Relative));
        return TokenField().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token on {address}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
