using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// Runs the bundled axe-core in the page itself and brings back only the violations. The Playwright wrapper's own
/// <c>RunAxe</c> finishes each run in a second, isolated page and ships every passing check back to .NET: several
/// seconds a page on two cores, for frames the workbench does not have.
/// </summary>
public static class AxeRunner
{
    private static readonly string Script = new BundledAxeScriptProvider().GetScript();

    public static async Task<AxeResult> RunAsync(IPage page, IReadOnlyCollection<string> tags)
    {
        await page.EvaluateAsync(Script);
        var json = await page.EvaluateAsync<string>(
            "tags => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then(r => JSON.stringify(r))",
            tags);
        return new AxeResult(JObject.Parse(json));
    }
}
