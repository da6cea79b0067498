using EventWorkbench.Access;
using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Tests.Access;

/// <summary>Password and key hashes live in documents only: the immutable log never holds one, nor a secret.</summary>
public sealed class SecretsOutsideTheLogTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private async Task<string> AllEventTextAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select coalesce(string_agg(data::text || coalesce(headers::text, '') || coalesce(user_name, ''), E'\\n'), '') from {EventStoreConfiguration.Schema}.mt_events",
            connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<AccountSecret> SecretOfAsync(string userName)
    {
        await using var session = fixture.Store.QuerySession();
        return (await session.LoadAsync<AccountSecret>(userName)).ShouldNotBeNull();
    }

    [Fact]
    public async Task No_password_key_secret_or_hash_is_ever_written_to_mt_events()
    {
        var admin = new AccessActor(await fixture.NewAccountAsync(AccessRoles.Admin), null);
        var ana = await fixture.NewAccountAsync(AccessRoles.Viewer);
        var firstHash = (await SecretOfAsync(ana)).PasswordHash;
        await fixture.SignIns.SignInAsync(ana, AccessFixture.Password, null);
        await fixture.SignIns.SignInAsync(ana, "a wrong password typed", null);
        await fixture.SignIns.SignInAsync("my password in the name field", "x", null);
        await fixture.Accounts.ResetPasswordAsync(ana, "the second password", admin);
        var secondHash = (await SecretOfAsync(ana)).PasswordHash;
        var (_, created) = await fixture.ApiKeys.CreateAsync("ci-reader", ["read"], null, [], admin);
        created.ShouldNotBeNull();

        var log = await AllEventTextAsync();

        log.ShouldContain(ana); // who and what are there
        foreach (var secret in new[]
                 {
                     AccessFixture.Password, "a wrong password typed", "my password in the name field", "the second password",
                     firstHash, secondHash, created.Secret, created.Key.SecretHash!,
                 })
        {
            log.ShouldNotContain(secret, Case.Insensitive);
        }
    }

    [Fact]
    public async Task A_new_password_replaces_the_hash_so_the_old_one_is_nowhere()
    {
        var admin = new AccessActor(await fixture.NewAccountAsync(AccessRoles.Admin), null);
        var ana = await fixture.NewAccountAsync(AccessRoles.Viewer);
        var oldHash = (await SecretOfAsync(ana)).PasswordHash;

        await fixture.Accounts.ResetPasswordAsync(ana, "the second password", admin);

        var newHash = (await SecretOfAsync(ana)).PasswordHash;
        newHash.ShouldNotBe(oldHash);
        await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"select count(*) from {EventStoreConfiguration.Schema}.mt_doc_accountsecret where data::text like '%' || @hash || '%'", connection);
        command.Parameters.AddWithValue("hash", oldHash);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
    }
}
