namespace EventWorkbench.Browser.Tests;

/// <summary>
/// The one app with the demo data that the browser test classes share (started once for all of them; see
/// <see cref="AppProcess"/>). A class joins with <c>[Collection(SharedApp.Name)]</c> and takes the
/// <see cref="AppProcess"/> in its constructor; its tests run one at a time with the other classes' tests, so each test
/// sees no other test's appends while it runs, but it does see what earlier tests appended: a test that appends uses
/// streams of its own (a fresh id) and reads totals rather than assuming them. A class that needs a store seeded
/// otherwise keeps an <c>IClassFixture</c> of its own (as <c>Pages/LongTextsStore</c> does) and then runs beside this
/// collection, as the accessibility check does (<c>Accessibility/AccessibilityTests</c>). The three collections run at
/// once (<c>xunit.runner.json</c>): their tests mostly wait on a browser or an app.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedApp : ICollectionFixture<AppProcess>
{
    public const string Name = "The shared app with the demo data";
}
