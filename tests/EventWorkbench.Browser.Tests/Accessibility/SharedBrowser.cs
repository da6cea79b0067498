using Microsoft.Playwright;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>One Chromium for every page a test class checks; each page opens in a context of its own.</summary>
public sealed class SharedBrowser : IAsyncLifetime
{
    private BrowserSession? _session;

    public async Task InitializeAsync() => _session = await BrowserSession.StartAsync();

    /// <summary>A fresh page (own cookies, storage and console) with the session's viewport and timeout; closing it closes its context.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var first = _session!.Page;
        var size = first.ViewportSize!;
        var page = await first.Context.Browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = size.Width, Height = size.Height } });
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_session is not null) await _session.DisposeAsync();
    }
}
