using System.Diagnostics;
using Microsoft.Playwright;

namespace EventWorkbench.Browser.Tests;

public static class Downloads
{
    private const float Timeout = 60_000;

    /// <summary>
    /// Clicks a download link and returns the download. When none begins, the failure says whether the server answers
    /// the link's address fetched directly with the page's cookies, which tells a stalled server from a lost click.
    /// </summary>
    public static async Task<IDownload> ClickAsync(IPage page, ILocator link)
    {
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
            throw new TimeoutException($"No download began within {Timeout / 1000} s of clicking {address}; fetched directly it answered {answer}", noDownload);
        }
    }
}
