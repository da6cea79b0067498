using MudBlazor;

namespace EventWorkbench.Web.Components.Layout;

public static class WorkbenchTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#37474f",
            Secondary = "#00897b",
            AppbarBackground = "#263238",
            Background = "#fafafa",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"] },
        },
    };
}
