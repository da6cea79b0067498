using System.Diagnostics;
using Microsoft.Playwright;

namespace EventWorkbench.Browser.Tests;

public static class Downloads
{
    private const float Timeout = 30_000;

    /// <summary>
    /// Clicks a download link of a live page and returns the download. The click waits for the live connection, so the
    /// markup Blazor renders anew when it starts cannot replace the link under the click (a click that started no
    /// download under load, while the server answered the address at once, is the case this rules out). When no download
    /// begins, the failure says whether the server answers the link's address fetched directly with the page's cookies,
    /// and what the click point hits.
    /// </summary>
    public static async Task<IDownload> ClickAsync(IPage page, ILocator link)
    {
        await Assertions.Expect(page.Locator("#circuit-status[data-live=true]")).ToBeAttachedAsync();
        try
        {
            return await page.RunAndWaitForDownloadAsync(() => link.ClickAsync(), new() { Timeout = Timeout });
        }
        catch (TimeoutException noDownload)
        {
            var href = await link.GetAttributeAsync("href", new() { Timeout = 5_000 });
            var address = new Uri(new Uri(page.Url), href).ToString();
            var elapsed = Stopwatch.StartNew();
            string answer;
            try
            {
                var response = await page.APIRequest.GetAsync(address, new() { Timeout = Timeout });
                answer = $"{response.Status} {response.Headers.GetValueOrDefault("content-disposition")} in {elapsed.ElapsedMilliseconds} ms";
            }
            catch (PlaywrightException failed)
            {
                answer = $"nothing within {elapsed.ElapsedMilliseconds} ms ({failed.Message})";
            }
            var at = await link.EvaluateAsync<string>("""
                a => { const r = a.getBoundingClientRect(); const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                       return `link at ${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}x${Math.round(r.height)}, hit ${hit?.outerHTML.slice(0, 120)}, live ${document.querySelector('#circuit-status')?.dataset.live}`; }
                """);
            throw new TimeoutException($"No download began within {Timeout / 1000} s of clicking {address}; fetched directly it answered {answer}; {at}", noDownload);
        }
    }
}
