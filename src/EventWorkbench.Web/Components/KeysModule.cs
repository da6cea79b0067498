using Microsoft.JSInterop;

namespace EventWorkbench.Web.Components;

/// <summary>
/// A page's keyboard shortcuts in a JavaScript module with <c>attach(dotNetRef)</c> (returns a ticket) and
/// <c>detach(ticket)</c>. Both do nothing while prerendering or once the circuit is gone (a page closed as it came alive).
/// </summary>
public abstract class KeysModule(IJSRuntime js, string path) : JsModule(js, path)
{
    /// <summary>The ticket that detaches the keys again, or null when they could not be attached.</summary>
    public async Task<int?> AttachAsync<T>(DotNetObjectReference<T> page) where T : class
    {
        if (await ModuleAsync() is not { } module) return null;
        try
        {
            return await module.InvokeAsync<int>("attach", page);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or TaskCanceledException)
        {
            return null;
        }
    }

    public async Task DetachAsync(int ticket)
    {
        if (await ModuleAsync() is not { } module) return;
        try
        {
            await module.InvokeVoidAsync("detach", ticket);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or TaskCanceledException)
        {
            // the circuit is gone, and the page's keys with it
        }
    }
}
