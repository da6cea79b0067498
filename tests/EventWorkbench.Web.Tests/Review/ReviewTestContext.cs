using Bunit;
using EventWorkbench.Access;
using EventWorkbench.Web.Features.Review;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Ingest;
using EventWorkbench.Web.Features.Streams;
using Microsoft.Extensions.Configuration;

namespace EventWorkbench.Web.Tests.Review;

/// <summary>
/// bUnit with the services the Review pages use (registered as the app registers them), on a real database, signed in
/// as a reviewer unless a test says otherwise; the app's real policies decide what the person may do.
/// </summary>
public abstract class ReviewTestContext : BunitContext, IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <param name="database">The seeded database.</param>
    /// <param name="register">Registers what a page beyond the Review pages uses (another feature's services), before any is resolved.</param>
    protected ReviewTestContext(ReviewDatabase database, Action<IServiceCollection>? register = null)
    {
        Database = database;
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule(ReviewKeys.ModulePath).Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<Marten.IDocumentStore>(database.Store);
        Services.AddIngest(new ConfigurationBuilder().Build());
        Services.AddStreams();
        Services.AddReview();
        Services.AddWorkbenchPages();
        register?.Invoke(Services);
        SignedIn.Register(Services);
        SignedIn.Account(Reviewer, AccessRoles.Reviewer);
        var handOffs = new EventWorkbench.Web.Components.HandOffStore(); // the one the test hands snapshots through
        Services.AddSingleton(handOffs);
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
