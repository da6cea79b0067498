using EventWorkbench.Web.Hosting;

namespace EventWorkbench.Web.Tests.Hosting;

public sealed class WorkbenchIconTests
{
    [Fact]
    public void The_inline_icon_is_the_served_one()
    {
        var served = File.ReadAllText(Path.Combine(StartedApp.RepoRoot(), "wwwroot", "favicon.svg")).Trim();
        WorkbenchIcon.Svg.ShouldBe(served);
        const string start = "<link rel=\"icon\" type=\"image/svg+xml\" href=\"data:image/svg+xml,";
        WorkbenchIcon.Link.ShouldStartWith(start);
        WorkbenchIcon.Link.ShouldEndWith("\" />");
        var data = WorkbenchIcon.Link[start.Length..^4];
        data.ShouldNotContain('"'); // the attribute holds it whole
        Uri.UnescapeDataString(data).ShouldBe(served);
    }
}
