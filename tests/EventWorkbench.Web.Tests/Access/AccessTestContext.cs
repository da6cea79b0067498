using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Storage;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using EventWorkbench.Web.Features.Ingest;
using Microsoft.Extensions.Configuration;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>bUnit with the services the admin pages use, on a real database, signed in as the database's admin.</summary>
public abstract class AccessTestContext : BunitContext, IAsyncLifetime
{
    protected const string ClientIp = "192.0.2.7";
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    protected AccessTestContext(AccessDatabase database, Action<IServiceCollection>? addServices = null)
    {
        Database = database;
        JSInterop.Mode = JSRuntimeMode.Loose;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:Keys:from-config:Secret"] = "configured-secret-value",
            ["Api:Keys:from-config:Scopes:0"] = "read",
        }).Build();
        Services.AddSingleton<Marten.IDocumentStore>(database.Store);
        Services.AddIngest(configuration);
        Services.AddWorkbenchPages();
        Services.AddAccess(configuration, isDevelopment: true);
        Services.AddSingleton<TimeProvider>(MicrosecondClock.Instance);
        Services.AddScoped(_ => new ClientAddress { Value = ClientIp });
        var signedIn = new SignedInAs();
        signedIn.Account(AccessDatabase.Admin, AccessRoles.Admin);
        signedIn.Register(Services);
        addServices?.Invoke(Services);
        AddBunitPersistentComponentState(); // last: it reads the services
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected AccessDatabase Database { get; }

    /// <summary>Where the page's menus open (rendered by <see cref="RenderPage{TPage}"/>).</summary>
    protected IRenderedComponent<MudPopoverProvider>? Popovers { get; private set; }

    /// <summary>The page, with the popover provider its menus open into.</summary>
    protected IRenderedComponent<TPage> RenderPage<TPage>() where TPage : IComponent
    {
        Popovers ??= Render<MudPopoverProvider>(); // one per test, however many pages it renders
        return Render<TPage>();
    }

    /// <summary>The last access event, newest first.</summary>
    protected async Task<AccessLogEntry> LastAccessEventAsync() => (await Database.Queries.RecentAsync(1))[0];

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
