using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Components.Authorization;
using EventWorkbench.Web.Features.Review;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>
/// bUnit with the services the Review pages use (registered as the app registers them), on a real database, signed in
/// as a reviewer unless a test says otherwise; the app's real policies decide what the person may do.
/// </summary>
public abstract class ReviewTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    protected ReviewTestContext(ReviewDatabase database)
    {
        Database = database;
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule(ReviewKeys.ModulePath).Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<Marten.IDocumentStore>(database.Store);
        Services.AddSingleton(database.Appender);
        Services.AddSingleton(database.Streams);
        Services.AddReview();
        Services.AddScoped<EventWorkbench.Web.Components.NotFoundReasons>();
        Services.RemoveAll<IAuthorizationService>(); // bUnit's placeholder: the app's real policies decide
        Services.RemoveAll<IAuthorizationPolicyProvider>();
        Services.AddAuthorizationCore(Policies.Configure);
        Services.AddCascadingAuthenticationState();
        Services.AddSingleton<AuthenticationStateProvider>(SignedIn);
        SignedIn.Account(Reviewer, AccessRoles.Reviewer);
        var handOffs = new EventWorkbench.Web.Components.HandOffStore();
        Services.AddSingleton(handOffs);
        Services.AddScoped<EventWorkbench.Web.Components.PrerenderHandOff>();
        Prerender = new PrerenderedPage(AddBunitPersistentComponentState(), handOffs);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true)); // the live page; a prerender sets its own
    }

    /// <summary>What a prerender handed to the live page.</summary>
    protected PrerenderedPage Prerender { get; }

    protected ReviewDatabase Database { get; }

    /// <summary>The account the page is signed in as: <see cref="Reviewer"/>, a reviewer, unless a test changes it.</summary>
    protected SignedInAs SignedIn { get; } = new();

    protected const string Reviewer = "ml.reviewer";

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}
