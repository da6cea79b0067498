namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>
/// The accessibility check opens every page twice (live and as prerendered); each half has an app with the demo data of
/// its own, so the two run beside each other and beside the shared app's tests instead of after them.
/// </summary>
public static class AccessibilityApps
{
    public const string Live = "The app with the demo data that the live accessibility check opens";
    public const string Prerendered = "The app with the demo data that the prerendered accessibility check opens";
}

[CollectionDefinition(AccessibilityApps.Live)]
public sealed class LiveAccessibilityApp : ICollectionFixture<AppProcess>;

[CollectionDefinition(AccessibilityApps.Prerendered)]
public sealed class PrerenderedAccessibilityApp : ICollectionFixture<AppProcess>;
