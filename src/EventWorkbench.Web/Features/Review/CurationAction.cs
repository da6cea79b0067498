using EventWorkbench.Ingest;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace EventWorkbench.Web.Features.Review;

/// <summary>The proposal a page shows, as far as curation needs it: which one, and the version the reviewer saw.</summary>
public sealed record SeenProposal(string StreamId, string ProposalId, long Version)
{
    public static SeenProposal Of(ProposalReview review) => new(review.StreamId, review.ProposalId, review.LastVersion);

    public static SeenProposal Of(ReviewQueueRow row) => new(row.StreamId, row.ProposalId, row.LastVersion);
}

/// <summary>A label as a reviewer gives it; only the verdict is required.</summary>
public sealed record NewLabel(CurationVerdict Verdict, int? Quality = null, IReadOnlyList<string>? Tags = null, string? Note = null);

/// <summary>How a curation ended, with a message a page can show as it is.</summary>
public sealed record CurationResult(CurationResult.Kind Outcome, string Message)
{
    public enum Kind { Saved, Changed, Refused, NotAllowed }

    public bool Written => Outcome == Kind.Saved;
}

/// <summary>
/// Curating from the pages (the queue's i/x, the delta view's i/x and its curation panel): the actor is the person the
/// circuit is signed in as (the server's authentication state, never anything the browser sends), who must satisfy
/// <see cref="Policies.CanCurate"/>; the label is appended through <see cref="Curation"/>, and nothing is written when
/// it is refused. Scoped: one per circuit.
/// </summary>
public sealed class CurationAction(Curation curation, AuthenticationStateProvider authentication, IAuthorizationService authorization)
{
    public const string NotAllowedMessage = "Curating needs the reviewer role: the label was not saved.";

    /// <summary>Whether the signed-in person may curate (for showing the controls; <see cref="CurateAsync"/> checks again).</summary>
    public async Task<bool> IsAllowedAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return user.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(user, Policies.CanCurate)).Succeeded;
    }

    public async Task<CurationResult> CurateAsync(SeenProposal proposal, NewLabel label, CancellationToken cancellationToken = default)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (user.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } actor }
            || !(await authorization.AuthorizeAsync(user, Policies.CanCurate)).Succeeded)
        {
            return new(CurationResult.Kind.NotAllowed, NotAllowedMessage);
        }

        var request = new CurationRequest(proposal.StreamId, proposal.ProposalId, label.Verdict, label.Quality, label.Tags, label.Note);
        var outcome = await curation.CurateAsync(request, actor, proposal.Version, cancellationToken);
        return outcome switch
        {
            AppendOutcome.Appended => new(CurationResult.Kind.Saved, $"Labelled {Verdict(label.Verdict)}."),
            AppendOutcome.VersionConflict => new(CurationResult.Kind.Changed,
                $"{proposal.StreamId} / {proposal.ProposalId} changed since you opened it; it was reloaded: check the changes and label it again."),
            _ => new(CurationResult.Kind.Refused, $"The label was refused: {outcome}"),
        };
    }

    private static string Verdict(CurationVerdict verdict) => verdict == CurationVerdict.Include ? "include" : "exclude";
}
