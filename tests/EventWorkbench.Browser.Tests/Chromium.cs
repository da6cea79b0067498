using Microsoft.Playwright;

namespace EventWorkbench.Browser.Tests;

/// <summary>
/// One headless Chromium for the whole test process, launched on first use (and again should it have gone away):
/// every <see cref="BrowserSession"/> is a context of its own in it, with its own cookies, storage and console.
/// It goes with the test process: the Playwright driver, and the browser on its pipe, end when it ends.
/// </summary>
internal static class Chromium
{
    /// <summary>
    /// How long a page action or an assertion waits for the page to come round (Playwright's own default for assertions
    /// is 5 s). These tests check what a page does, not how fast: its work waits on a live connection, a server and
    /// scripts as heavy as Plotly's and Scalar's, all sharing two cores with the other test assemblies.
    /// </summary>
    public const float Patience = 60_000;

    private static readonly SemaphoreSlim Launching = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    static Chromium() => Assertions.SetDefaultExpectTimeout(Patience);

    public static async Task<IBrowser> GetAsync()
    {
        await Launching.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true } running) return running;
            _playwright ??= await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return _browser;
        }
        finally
        {
            Launching.Release();
        }
    }
}
