using Microsoft.Playwright;

namespace EventWorkbench.Browser.Tests;

public static class ConsoleErrors
{
    /// <summary>The errors the page logs to its console from now on (a dropped live connection logs one).</summary>
    public static List<string> Collect(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        return errors;
    }
}
