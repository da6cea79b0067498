namespace EventWorkbench.Web.Features.Review;

/// <summary>Which text a <see cref="DeltaText"/> shows: both in one (inline), or one side of a side-by-side view.</summary>
public enum DeltaSide { Inline, Before, After }
