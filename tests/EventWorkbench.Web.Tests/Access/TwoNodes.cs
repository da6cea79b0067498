using EventWorkbench.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>Two app nodes on one database, as a scaled-out installation runs.</summary>
public sealed class TwoNodes : IAsyncLifetime
{
    public const string Admin = "nodes-admin";
    public const string Password = "nodes admin password";
    private readonly List<WebApplication> _apps = [];

    public TestDatabase Database { get; private set; } = null!;
    public Uri First { get; private set; } = null!;
    public Uri Second { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await TestCluster.CreateDatabaseAsync(nameof(TwoNodes));
        First = await StartNodeAsync();
        Second = await StartNodeAsync();
    }

    private async Task<Uri> StartNodeAsync()
    {
        var app = WorkbenchHost.Create(["--urls", "http://127.0.0.1:0", "--environment", "Production"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:EventStore"] = Database.AppConnectionString,
                ["ConnectionStrings:EventStoreAdmin"] = Database.AdminConnectionString,
                ["Demo:Seed"] = "false",
                ["Accounts:Admin:UserName"] = Admin,
                ["Accounts:Admin:Password"] = Password,
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        _apps.Add(app);
        await app.StartAsync();
        return new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
