using MudBlazor;

namespace EventWorkbench.Web.Features.Review;

/// <summary>How the review pages show what a curation came to.</summary>
public static class ReviewMessages
{
    public static Severity SeverityOf(CurationResult result) => result.Outcome switch
    {
        CurationResult.Kind.Saved => Severity.Success,
        CurationResult.Kind.Changed or CurationResult.Kind.NotAllowed => Severity.Warning,
        _ => Severity.Error,
    };
}
