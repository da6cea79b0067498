using Microsoft.JSInterop;

namespace EventWorkbench.Web.Components.Layout;

/// <summary>Writes the theme cookie in the browser (<c>js/theme.js</c>), so the next page request paints in it. Scoped.</summary>
public sealed class ThemeCookie(IJSRuntime js) : JsModule(js, ModulePath)
{
    public const string ModulePath = "./js/theme.js";

    public async Task RememberAsync(bool isDark)
    {
        if (await ModuleAsync() is { } module)
        {
            try
            {
                await module.InvokeVoidAsync("remember", ThemeChoice.CookieName, isDark ? ThemeChoice.Dark : ThemeChoice.Light);
            }
            catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
            {
                // the page still switched; only the next visit will not remember it
            }
        }
    }
}
