using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Storage;
using EventWorkbench.Web.Features.Access;

namespace EventWorkbench.Web.Tests.Access;

public sealed class ApiKeysPageTests(AccessDatabase database) : AccessTestContext(database), IClassFixture<AccessDatabase>
{
    private IRenderedComponent<ApiKeysPage> RenderKeys()
    {
        var page = RenderPage<ApiKeysPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=api-keys] tbody").TextContent.ShouldNotContain("Loading"), Wait);
        return page;
    }

    private static string UniqueName() => $"key-{Guid.NewGuid():N}"[..14];

    [Fact]
    public async Task A_new_key_shows_its_secret_once_and_authenticates_with_its_scopes()
    {
        var page = RenderKeys();
        var name = UniqueName();

        page.Find("[data-testid=new-key-name]").Change(name);
        page.Find("[data-testid=new-key-scope-append]").Change(true);
        page.Find("[data-testid=new-key-create]").Click();

        var secret = page.WaitForElement("[data-testid=new-key-secret]", Wait).TextContent.Trim();
        secret.ShouldStartWith(ApiKeyAdministration.SecretPrefix);
        var row = page.Find($"[data-testid=api-key-{name}]");
        row.TextContent.ShouldContain("append, read");
        row.QuerySelector("[data-testid=api-key-status]")!.TextContent.ShouldBe("active");
        var key = (await new ApiKeyVerification(Database.Store, MicrosecondClock.Instance).FindAsync(secret)).ShouldNotBeNull();
        (key.Name, key.CreatedBy).ShouldBe((name, AccessDatabase.Admin));
        key.ExpiresAt.ShouldNotBeNull().ShouldBe(DateTimeOffset.UtcNow.AddDays(90), TimeSpan.FromMinutes(1));
        (await LastAccessEventAsync()).Data.GetProperty("fromIp").GetString().ShouldBe(ClientIp);

        page.Find("[data-testid=new-key-done]").Click();
        page.FindAll("[data-testid=new-key-secret]").ShouldBeEmpty();
        RenderKeys().Markup.ShouldNotContain(secret, customMessage: "the secret is never shown again");
    }

    [Fact]
    public async Task Revoking_asks_for_confirmation_then_the_key_no_longer_authenticates()
    {
        var name = UniqueName();
        var (_, created) = await Database.ApiKeys.CreateAsync(name, ["read"], null, [], new AccessActor(AccessDatabase.Admin, null));
        var page = RenderKeys();
        var row = $"[data-testid=api-key-{name}]";

        page.Find($"{row} [data-testid=api-key-revoke]").Click();
        (await new ApiKeyVerification(Database.Store, MicrosecondClock.Instance).FindAsync(created!.Secret)).ShouldNotBeNull("not before the confirmation");
        page.WaitForElement($"{row} [data-testid=api-key-revoke-confirm]", Wait).Click();

        page.WaitForAssertion(() => page.Find($"{row} [data-testid=api-key-status]").TextContent.ShouldStartWith("revoked"), Wait);
        page.Find($"{row} [data-testid=api-key-status]").TextContent.ShouldEndWith($"by {AccessDatabase.Admin}");
        page.FindAll($"{row} [data-testid=api-key-revoke]").ShouldBeEmpty();
        (await new ApiKeyVerification(Database.Store, MicrosecondClock.Instance).FindAsync(created.Secret)).ShouldBeNull();
    }

    [Fact]
    public void A_name_taken_by_a_configured_key_is_refused_and_configured_keys_show_without_their_secret()
    {
        var page = RenderKeys();
        page.Find("[data-testid=configured-keys]").TextContent.ShouldContain("from-config");
        page.Markup.ShouldNotContain("configured-secret-value");

        page.Find("[data-testid=new-key-name]").Change("from-config");
        page.Find("[data-testid=new-key-create]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=access-message]").TextContent.ShouldContain("already a key named 'from-config'"), Wait);
        page.FindAll("[data-testid=new-key-secret]").ShouldBeEmpty();
    }
}
