using Microsoft.JSInterop;

namespace EventWorkbench.Web.Features.Review;

/// <summary>
/// The reviewer's name, entered once and remembered in the browser's localStorage, until sign-in exists.
/// Scoped: one per circuit. Holds no database session.
/// </summary>
public sealed class ReviewerSession(IJSRuntime js) : IAsyncDisposable
{
    public const string ModulePath = "./js/review-keys.js";
    private IJSObjectReference? _module;
    private bool _loaded;

    public string? Name { get; private set; }

    public event Action? Changed;

    public async Task<IJSObjectReference?> ModuleAsync()
    {
        try
        {
            return _module ??= await js.InvokeAsync<IJSObjectReference>("import", ModulePath);
        }
        catch (Exception ex) when (ex is JSException or InvalidOperationException or JSDisconnectedException or TaskCanceledException)
        {
            return null; // prerendering or a gone circuit: no name, no shortcuts
        }
    }

    public async Task<string?> LoadAsync()
    {
        if (_loaded) return Name;
        var module = await ModuleAsync();
        if (module is null) return Name;
        try
        {
            Name = Clean(await module.InvokeAsync<string?>("getReviewer"));
            _loaded = true;
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
        {
            // leave the name unset
        }
        return Name;
    }

    public async Task SetAsync(string? name)
    {
        Name = Clean(name);
        _loaded = true;
        var module = await ModuleAsync();
        if (module is not null && Name is not null)
        {
            try
            {
                await module.InvokeVoidAsync("setReviewer", Name);
            }
            catch (Exception ex) when (ex is JSException or JSDisconnectedException or TaskCanceledException)
            {
                // remembered for this circuit only
            }
        }
        Changed?.Invoke();
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

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
