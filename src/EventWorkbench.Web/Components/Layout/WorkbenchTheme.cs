using MudBlazor;

namespace EventWorkbench.Web.Components.Layout;

/// <summary>
/// The workbench's colours. Every colour that MudBlazor draws text in holds at least 4.5:1 (WCAG 2.1 AA) against the
/// page, surface and light tint backgrounds it is drawn on; the accessibility browser test checks every page.
/// </summary>
public static class WorkbenchTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#37474f",
            Secondary = "#00796b", // teal 700: 5.3:1 on white (teal 600 was 4.3)
            AppbarBackground = "#263238",
            Background = "#fafafa",
            TextSecondary = "rgba(0,0,0,0.6)", // 5.7:1 on the background, 5.4:1 on the selected row (MudBlazor's 0.54 was 4.47)
            Success = "#2e7d32", // green 800: 5.1:1 on white
            Error = "#c62828", // red 800: 5.6:1 on white
            Warning = "#b45309", // 5.0:1 on white
            Info = "#1565c0", // blue 800: 5.8:1 on white
        },
        // Dark: light tints of the same hues, each at least 4.5:1 on the dark surface (#1e1e2d) and background (#121212).
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9", // blue 200: 9.6:1 on the surface
            Secondary = "#80cbc4", // teal 200: 9.9:1
            AppbarBackground = "#1a2327",
            Background = "#121212",
            Surface = "#1e1e2d",
            DrawerBackground = "#1a1a27",
            TextPrimary = "rgba(255,255,255,0.87)",
            TextSecondary = "rgba(255,255,255,0.7)", // 9:1 on the surface
            Success = "#81c784", // green 300
            Error = "#ef9a9a", // red 200
            Warning = "#ffb74d", // orange 300
            Info = "#64b5f6", // blue 300
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
