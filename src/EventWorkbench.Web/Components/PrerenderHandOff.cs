using Microsoft.AspNetCore.Components;

namespace EventWorkbench.Web.Components;

/// <summary>
/// Hands what a page's prerender loaded to the same page once it is live, the way
/// <see cref="PersistentComponentState"/> does, but with only a token in the page (see <see cref="HandOffStore"/>),
/// so the state a page carries to its circuit stays a few bytes whatever the page size and text lengths.
/// </summary>
public sealed class PrerenderHandOff(PersistentComponentState state, HandOffStore store)
{
    /// <summary>Calls <paramref name="persist"/> when the prerender ends; it calls <see cref="Persist{T}"/>.</summary>
    public PersistingComponentStateSubscription OnPersisting(Func<Task> persist) => state.RegisterOnPersisting(persist);

    /// <summary>Keeps a snapshot for the live page; only valid inside the <see cref="OnPersisting"/> callback.</summary>
    public void Persist<T>(string key, T snapshot) => state.PersistAsJson(key, store.Put(snapshot));

    /// <summary>The snapshot the prerender kept under this key, once; false when there is none (no prerender, or it is gone).</summary>
    public bool TryTake<T>(string key, out T? snapshot)
    {
        snapshot = default;
        return state.TryTakeFromJson<string>(key, out var token) && token is not null && store.TryTake(token, out snapshot);
    }
}
