using Microsoft.JSInterop;

namespace EventWorkbench.Web.Components;

/// <summary>
/// A page's keyboard shortcuts in a JavaScript module with <c>attach(dotNetRef)</c> (returns a ticket) and
/// <c>detach(ticket)</c>. Both do nothing while prerendering or once the circuit is gone (a page closed as it came alive).
/// </summary>
public abstract class KeysModule(IJSRuntime js, string path) : JsModule(js, path)
{
    /// <summary>The page's keys, to attach once it is live and to dispose with it.</summary>
    public PageKeys<T> For<T>(T page) where T : class => new(this, page);

    /// <summary>The ticket that detaches the keys again, or null when they could not be attached.</summary>
    internal async Task<int?> AttachAsync<T>(DotNetObjectReference<T> page) where T : class
    {
        if (await ModuleAsync() is not { } module) return null;
        try
        {
            return await module.InvokeAsync<int>("attach", page);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or TaskCanceledException or ObjectDisposedException)
        {
            return null; // the circuit is gone, or the page was left while its module loaded
        }
    }

    internal async Task DetachAsync(int ticket)
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

/// <summary>
/// One page's keys and the reference the script calls it back by. A page left while its keys were being attached (the
/// module still loading) is detached as soon as the attach completes, so no key press reaches a disposed page.
/// </summary>
public sealed class PageKeys<T>(KeysModule module, T page) : IAsyncDisposable where T : class
{
    private readonly DotNetObjectReference<T> _page = DotNetObjectReference.Create(page);
    private int? _ticket;
    private bool _disposed;

    /// <summary>Whether the keys work: attached, and the page not yet left.</summary>
    public bool Attached => _ticket is not null && !_disposed;

    public async Task AttachAsync()
    {
        var ticket = await module.AttachAsync(_page);
        if (!_disposed) _ticket = ticket;
        else if (ticket is { } late) await module.DetachAsync(late);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        if (_ticket is { } ticket) await module.DetachAsync(ticket);
        _page.Dispose();
    }
}
