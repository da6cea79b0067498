using EventWorkbench.Web.Components;
using Microsoft.JSInterop;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>The stream page's keyboard stepping (<c>js/history-keys.js</c>): left/right, Home/End. Scoped.</summary>
public sealed class HistoryKeys(IJSRuntime js) : KeysModule(js, ModulePath)
{
    public const string ModulePath = "./js/history-keys.js";
}
