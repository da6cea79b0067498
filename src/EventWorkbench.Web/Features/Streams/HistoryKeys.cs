using Microsoft.JSInterop;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>The stream page's keyboard stepping (<c>js/history-keys.js</c>), imported once per circuit. Scoped.</summary>
public sealed class HistoryKeys(IJSRuntime js) : IAsyncDisposable
{
    public const string ModulePath = "./js/history-keys.js";
    private IJSObjectReference? _module;

    /// <summary>The module, or null while prerendering or once the circuit is gone (then there is no keyboard stepping).</summary>
    public async Task<IJSObjectReference?> ModuleAsync()
    {
        try
        {
            return _module ??= await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
        }
        catch (Exception ex) when (ex is JSException or InvalidOperationException or JSDisconnectedException or TaskCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
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
