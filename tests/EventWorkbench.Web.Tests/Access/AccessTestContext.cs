using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Storage;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Access;

/// <summary>bUnit with the services the admin pages use, on a real database, signed in as the database's admin.</summary>
public abstract class AccessTestContext : BunitContext, IAsyncLifetime
{
    protected const string ClientIp = "192.0.2.7";
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    protected AccessTestContext(AccessDatabase database)
    {
        Database = database;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(database.Queries);
        Services.AddSingleton(database.Accounts);
        Services.AddSingleton(database.ApiKeys);
        Services.AddSingleton<TimeProvider>(MicrosecondClock.Instance);
        Services.AddScoped(_ => new ClientAddress { Value = ClientIp });
        Services.AddScoped<ActingPerson>();
        Services.Configure<ApiKeyOptions>(options => options.Keys["from-config"] = new ApiKey { Secret = "configured-secret-value", Scopes = ["read"] });
        var handOffs = new HandOffStore();
        Services.AddSingleton(handOffs);
        Services.AddScoped<PrerenderHandOff>();
        AddAuthorization().SetAuthorized(AccessDatabase.Admin).SetRoles(AccessRoles.Admin);
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
