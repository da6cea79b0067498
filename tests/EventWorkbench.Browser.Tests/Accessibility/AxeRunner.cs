using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Newtonsoft.Json.Linq;

namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// Runs the bundled axe-core in the page itself against the WCAG 2.1 A and AA rules and brings back only the
/// violations in full. The Playwright wrapper's own <c>RunAxe</c> finishes each run in a second, isolated page and ships
/// every passing check back to .NET: seconds a page on two cores, for frames the workbench does not have.
/// </summary>
public static class AxeRunner
{
    private static readonly string Script = new BundledAxeScriptProvider().GetScript();
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    public static async Task<AxeResult> RunAsync(IPage page)
    {
        await page.EvaluateAsync(Script);
        var json = await page.EvaluateAsync<string>(
            "tags => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then(r => JSON.stringify(r))",
            WcagTags);
        return new AxeResult(JObject.Parse(json));
    }

    /// <summary>Fails with every broken rule and element of <paramref name="page"/>, named for <paramref name="what"/>.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string what)
    {
        var result = await RunAsync(page);
        if (result.Violations.Length > 0) Assert.Fail(AxeReport.Describe(what, result.Violations));
    }
}
