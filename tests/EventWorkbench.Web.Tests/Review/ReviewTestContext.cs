using Bunit;
using Bunit.TestDoubles;
using EventWorkbench.Web.Features.Review;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>bUnit with the services the Review pages use, on a real database; the browser's localStorage is faked by JS interop.</summary>
public abstract class ReviewTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    protected ReviewTestContext(ReviewDatabase database)
    {
        Database = database;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Module = JSInterop.SetupModule(ReviewerSession.ModulePath);
        Module.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(database.Proposals);
        Services.AddSingleton(database.Streams);
        Services.AddSingleton(database.Curation);
        Services.AddScoped<ReviewerSession>();
        Services.AddScoped<ReviewQueueTrail>();
        Services.AddScoped<EventWorkbench.Web.Components.NotFoundReasons>();
        var handOffs = new EventWorkbench.Web.Components.HandOffStore();
        Services.AddSingleton(handOffs);
        Services.AddScoped<EventWorkbench.Web.Components.PrerenderHandOff>();
        Prerender = new PrerenderedPage(AddBunitPersistentComponentState(), handOffs);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // the live page; a prerender sets its own
    }

    /// <summary>What a prerender handed to the live page.</summary>
    protected PrerenderedPage Prerender { get; }

    protected ReviewDatabase Database { get; }

    protected BunitJSModuleInterop Module { get; }

    /// <summary>The name the browser remembers.</summary>
    protected void RememberReviewer(string name) => Module.Setup<string?>("getReviewer").SetResult(name);

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
