using Microsoft.JSInterop;

namespace EventWorkbench.Web.Components;

/// <summary>
/// A JavaScript module of the workbench's, imported once per circuit on first use (register the subclass scoped).
/// While prerendering or once the circuit is gone there is none, and what it adds (keyboard handling) is simply absent.
/// </summary>
public abstract class JsModule(IJSRuntime js, string path) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    /// <summary>The module, or null while prerendering or once the circuit is gone.</summary>
    public async Task<IJSObjectReference?> ModuleAsync()
    {
        try
        {
            return _module ??= await js.InvokeAsync<IJSObjectReference>("import", path);
        }
        catch (Exception ex) when (ex is JSException or InvalidOperationException or JSDisconnectedException or TaskCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_module is null) return;
        try
        {
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // the circuit is gone
        }
    }
}
