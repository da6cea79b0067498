using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EventWorkbench.Web.Tests.Api;

namespace EventWorkbench.Web.Tests.Hosting;

/// <summary>The app in Production over HTTPS, with a self-signed certificate made for the test.</summary>
public sealed class HttpsHost : ApiHost
{
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"workbench-test-{Guid.NewGuid():N}.pfx");

    protected override string Urls => "https://127.0.0.1:0";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kestrel:Certificates:Default:Path"] = _certificate,
        ["Kestrel:Certificates:Default:Password"] = "test",
    };

    public override Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(_certificate, certificate.Export(X509ContentType.Pfx, "test"));
        return base.InitializeAsync();
    }

    /// <summary>A client that trusts the test's certificate.</summary>
    public HttpClient TrustingClient() => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
    })
    { BaseAddress = BaseAddress };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_certificate);
    }
}

public sealed class StrictTransportSecurityTests(HttpsHost host) : IClassFixture<HttpsHost>
{
    [Fact]
    public async Task Https_outside_development_gets_strict_transport_security_for_a_year()
    {
        using var client = host.TrustingClient();
        // The headers library leaves it off for localhost and loopback addresses: ask as the site's name.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.Host = "workbench.example";

        var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);
        SecurityHeadersHttpTests.Header(response, "Strict-Transport-Security").ShouldBe("max-age=31536000; includeSubDomains");
    }
}
