using Microsoft.Playwright;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// One browser session, signed in as the demo admin (who may open every page), for every page a test class checks;
/// each page opens in a context of its own with that sign-in, or without it for the pages anonymous visitors see.
/// </summary>
public sealed class SharedBrowser : IAsyncLifetime
{
    private readonly SemaphoreSlim _starting = new(1, 1);
    private BrowserSession? _session;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>A fresh page (own cookies, storage and console) on <paramref name="app"/>, signed in unless <paramref name="anonymous"/>.</summary>
    public async Task<IPage> NewPageAsync(AppProcess app, bool anonymous = false)
    {
        await _starting.WaitAsync();
        try
        {
            _session ??= await BrowserSession.StartAsync(app);
        }
        finally
        {
            _starting.Release();
        }
        return anonymous ? await _session.NewAnonymousPageAsync() : await _session.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
        _starting.Dispose();
    }
}
