using EventWorkbench.Access;
using EventWorkbench.Streams;

namespace EventWorkbench.Tests.Access;

public sealed class ApiKeyTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private async Task<AccessActor> AdminAsync() => new(await fixture.NewAccountAsync(AccessRoles.Admin), "192.0.2.5");

    private static string UniqueName() => $"key-{Guid.NewGuid():N}"[..16];

    [Fact]
    public async Task A_created_key_is_found_by_its_secret_and_recorded_as_an_event_without_it()
    {
        var admin = await AdminAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(30);
        var name = UniqueName();

        var (decision, created) = await fixture.ApiKeys.CreateAsync(name, ["read", "append"], expires, [], admin);

        decision.Succeeded.ShouldBeTrue();
        created.ShouldNotBeNull().Secret.ShouldStartWith(ApiKeyAdministration.SecretPrefix);
        var verification = new ApiKeyVerification(fixture.Store, fixture.Clock);
        var found = (await verification.FindAsync(created.Secret)).ShouldNotBeNull();
        (found.Name, found.CreatedBy).ShouldBe((name, admin.Name));
        found.Scopes.ShouldBe(["read", "append"]);
        (await verification.FindAsync(created.Secret + "x")).ShouldBeNull();

        await using var session = fixture.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(WorkbenchStreams.Access))[^1].Data.ShouldBeOfType<ApiKeyCreated>();
        (recorded.KeyId, recorded.Name, recorded.By, recorded.FromIp, recorded.ExpiresAt).ShouldBe((found.Id, name, admin.Name, "192.0.2.5", expires));
    }

    [Fact]
    public async Task A_revoked_key_no_longer_authenticates_and_keeps_no_hash()
    {
        var admin = await AdminAsync();
        var (_, created) = await fixture.ApiKeys.CreateAsync(UniqueName(), ["read"], null, [], admin);

        (await fixture.ApiKeys.RevokeAsync(created!.Key.Id, admin)).Succeeded.ShouldBeTrue();

        (await new ApiKeyVerification(fixture.Store, fixture.Clock).FindAsync(created.Secret)).ShouldBeNull();
        var listed = (await fixture.Queries.ApiKeysAsync()).Single(k => k.Id == created.Key.Id);
        (listed.RevokedBy, listed.RevokedAt.HasValue).ShouldBe((admin.Name, true));
        await using var session = fixture.Store.QuerySession();
        (await session.LoadAsync<StoredApiKey>(created.Key.Id))!.SecretHash.ShouldBeNull();
        (await fixture.ApiKeys.RevokeAsync(created.Key.Id, admin)).Refusal.ShouldNotBeNull().ShouldContain("revoked already");
    }

    [Theory]
    [InlineData("Bad Name", "read", 1, "lower-case")]
    [InlineData("ok-name", "write", 1, "not a scope")]
    [InlineData("ok-name", "read", -1, "in the future")]
    [InlineData("from-config", "read", 1, "already a key")]
    public async Task A_bad_key_is_refused_with_a_reason(string name, string scope, int expiresInDays, string reason)
    {
        var (decision, created) = await fixture.ApiKeys.CreateAsync(
            name, [scope], DateTimeOffset.UtcNow.AddDays(expiresInDays), ["from-config"], await AdminAsync());
        created.ShouldBeNull();
        decision.Refusal.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public async Task Last_use_is_recorded_at_most_once_a_minute_per_key()
    {
        var (_, created) = await fixture.ApiKeys.CreateAsync(UniqueName(), ["read"], null, [], await AdminAsync());
        var clock = new ManualClock();
        var verification = new ApiKeyVerification(fixture.Store, clock);
        async Task<DateTimeOffset?> LastUsedAsync() => (await fixture.Queries.ApiKeysAsync()).Single(k => k.Id == created!.Key.Id).LastUsedAt;

        await verification.RecordUseAsync(created!.Key);
        var first = await LastUsedAsync();
        first.ShouldNotBeNull().ShouldBe(clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));

        clock.Advance(TimeSpan.FromSeconds(59));
        await verification.RecordUseAsync(created.Key);
        (await LastUsedAsync()).ShouldBe(first);

        clock.Advance(TimeSpan.FromSeconds(2));
        await verification.RecordUseAsync(created.Key);
        (await LastUsedAsync()).ShouldNotBeNull().ShouldBe(clock.GetUtcNow(), TimeSpan.FromMilliseconds(1));
    }
}
