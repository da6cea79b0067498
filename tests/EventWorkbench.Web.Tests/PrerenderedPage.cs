using Bunit.TestDoubles;
using EventWorkbench.Web.Components;

namespace EventWorkbench.Web.Tests;

/// <summary>
/// What a prerender hands to the live page, the way the app does it: a token in the page's persisted state,
/// the snapshot in the <see cref="HandOffStore"/>.
/// </summary>
public sealed class PrerenderedPage(BunitPersistentComponentState state, HandOffStore store)
{
    /// <summary>As if the page's prerender had loaded this snapshot.</summary>
    public void HandOver<T>(string key, T snapshot) => state.Persist(key, store.Put(snapshot));

    /// <summary>Ends the prerender and returns what the page handed on under the key, if anything.</summary>
    public T? HandedOn<T>(string key)
    {
        state.TriggerOnPersisting();
        return state.TryTake<string>(key, out var token) && token is not null && store.TryTake<T>(token, out var snapshot) ? snapshot : default;
    }
}
