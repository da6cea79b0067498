using EventWorkbench.Web.Components.Layout;
using MudBlazor;
using MudBlazor.Utilities;

namespace EventWorkbench.Web.Features.Dashboards;

/// <summary>The colours a chart draws in, taken from the workbench's MudBlazor palette (light or dark), so charts switch with it.</summary>
public sealed record ChartColours(string Paper, string Text, string Grid, IReadOnlyList<string> Series)
{
    public static ChartColours For(bool isDark)
    {
        Palette palette = isDark ? WorkbenchTheme.Theme.PaletteDark : WorkbenchTheme.Theme.PaletteLight;
        return new ChartColours(
            Hex(palette.Surface),
            Hex(palette.TextPrimary),
            Hex(palette.Divider),
            [Hex(palette.Info), Hex(palette.Secondary), Hex(palette.Warning), Hex(palette.Error), Hex(palette.Success), Hex(palette.Primary),
             isDark ? "#ce93d8" : "#6a1b9a", isDark ? "#a1887f" : "#5d4037"]);
    }

    private static string Hex(MudColor colour) => colour.ToString(MudColorOutputFormats.HexA);
}
