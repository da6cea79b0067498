using System.Security.Cryptography;
using EventWorkbench.Access;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Marten;

namespace EventWorkbench.Tests.Access;

/// <summary>A fresh migrated database for one test class, with the access services the app uses on it.</summary>
public sealed class AccessFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Password = "correct horse battery";

    public TestDatabase Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public TimeProvider Clock { get; } = MicrosecondClock.Instance;
    public AccessLog Log { get; private set; } = null!;
    public AccountAdministration Accounts { get; private set; } = null!;
    public SignIns SignIns { get; private set; } = null!;
    public ApiKeyAdministration ApiKeys { get; private set; } = null!;
    public AccessQueries Queries { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync(nameof(AccessFixture));
        Store = TestStores.For(Database);
        Log = new AccessLog(Store);
        var hashing = new Pbkdf2Hashing();
        Accounts = new AccountAdministration(Log, hashing, Clock);
        SignIns = new SignIns(Log, hashing, Clock, LockoutPolicy.Default);
        ApiKeys = new ApiKeyAdministration(Log, Clock);
        Queries = new AccessQueries(Store);
    }

    /// <summary>A new account with a unique name, created by the app itself.</summary>
    public async Task<string> NewAccountAsync(params string[] roles)
    {
        var name = $"user-{Guid.NewGuid():N}"[..17];
        (await Accounts.CreateAsync(name, Password, roles, AccessActor.System)).Refusal.ShouldBeNull();
        return name;
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
}

/// <summary>A clock a test moves; it starts at the real time so it agrees with the store's timestamps.</summary>
public sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = MicrosecondClock.Instance.GetUtcNow();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Real password hashing (PBKDF2), cheap enough for tests; the app uses ASP.NET Core Identity's PasswordHasher.</summary>
public sealed class Pbkdf2Hashing : IPasswordHashing
{
    public string Hash(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return $"{Convert.ToBase64String(salt)}.{Convert.ToBase64String(Derive(password, salt))}";
    }

    public PasswordCheck Verify(string hash, string password)
    {
        var parts = hash.Split('.');
        if (parts.Length != 2) return PasswordCheck.Wrong;
        var expected = Convert.FromBase64String(parts[1]);
        return CryptographicOperations.FixedTimeEquals(expected, Derive(password, Convert.FromBase64String(parts[0])))
            ? PasswordCheck.Right
            : PasswordCheck.Wrong;
    }

    private static byte[] Derive(string password, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(password, salt, 1000, HashAlgorithmName.SHA256, 32);
}
