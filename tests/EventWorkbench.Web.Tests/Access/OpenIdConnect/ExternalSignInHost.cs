using EventWorkbench.Web.Tests.Api;

namespace EventWorkbench.Web.Tests.Access.OpenIdConnect;

/// <summary>The app in Production with its OpenID Connect sign-in pointed at a <see cref="TestOpenIdProvider"/>.</summary>
public sealed class ExternalSignInHost : ApiHost
{
    public const string DisplayName = "Test Identity";

    public TestOpenIdProvider Provider { get; private set; } = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Accounts:OpenIdConnect:Authority"] = Provider.Authority.ToString(),
        ["Accounts:OpenIdConnect:ClientId"] = TestOpenIdProvider.ClientId,
        ["Accounts:OpenIdConnect:ClientSecret"] = TestOpenIdProvider.ClientSecret,
        ["Accounts:OpenIdConnect:RoleClaim"] = TestOpenIdProvider.RoleClaim,
        ["Accounts:OpenIdConnect:DisplayName"] = DisplayName,
        ["Accounts:OpenIdConnect:RequireHttpsMetadata"] = "false",
    };

    public override async Task InitializeAsync()
    {
        Provider = await TestOpenIdProvider.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Provider.DisposeAsync();
    }
}
