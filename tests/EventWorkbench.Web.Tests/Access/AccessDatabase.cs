using EventWorkbench.Access;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using EventWorkbench.Web.Features.Access;
using Marten;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>A fresh migrated database per test class with the access services on it, and one admin: the person using the pages.</summary>
public sealed class AccessDatabase : IAsyncLifetime
{
    public const string Admin = "page-admin";

    public TestDatabase Database { get; private set; } = null!;
    public DocumentStore Store { get; private set; } = null!;
    public AccessLog Log { get; private set; } = null!;
    public AccessQueries Queries { get; private set; } = null!;
    public AccountAdministration Accounts { get; private set; } = null!;
    public ApiKeyAdministration ApiKeys { get; private set; } = null!;
    public SignIns SignIns { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync("webaccess");
        Store = TestStores.For(Database);
        Log = new AccessLog(Store);
        Queries = new AccessQueries(Store);
        var hashing = new IdentityPasswordHashing();
        Accounts = new AccountAdministration(Log, hashing, MicrosecondClock.Instance);
        ApiKeys = new ApiKeyAdministration(Log, MicrosecondClock.Instance);
        SignIns = new SignIns(Log, hashing, MicrosecondClock.Instance, LockoutPolicy.Default);
        (await Accounts.CreateAsync(Admin, AccessHttp.Password, [AccessRoles.Admin], AccessActor.System)).Refusal.ShouldBeNull();
    }

    public Task DisposeAsync()
    {
        Store.Dispose();
        return Task.CompletedTask;
    }
}
