using EventWorkbench.Web.Components;
using Microsoft.JSInterop;

namespace EventWorkbench.Web.Features.Review;

/// <summary>The review pages' keyboard shortcuts (<c>js/review-keys.js</c>): j/k move, Enter opens, i/x label. Scoped.</summary>
public sealed class ReviewKeys(IJSRuntime js) : KeysModule(js, ModulePath)
{
    public const string ModulePath = "./js/review-keys.js";
}
