using System.Security.Claims;
using EventWorkbench.Erasure;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Erasure;

/// <summary>Why the subject is erased: kept on the record (the <c>subject_erased</c> event), at most 2,000 characters.</summary>
public sealed record EraseSubjectRequest(string? Reason);

/// <summary>
/// An erasure: whom, who asked and why, when it was asked for and completed, the events and streams that named the
/// subject and how long the rewrite of the tables took. <see cref="AlreadyErased"/> says an earlier erasure did it (its
/// record, when one was kept; otherwise only the subject is known).
/// </summary>
public sealed record ErasureResponse(
    string Subject, string? By, string? Reason, DateTimeOffset? RequestedAt, DateTimeOffset? CompletedAt,
    long? Events, int? Streams, long? RewriteMs, bool AlreadyErased)
{
    public static ErasureResponse Of(SubjectErasureJob job, bool alreadyErased) =>
        new(job.Id, job.By, job.Reason, job.RequestedAt, job.CompletedAt, job.Events, job.Streams, job.RewriteMs, alreadyErased);
}

public static class ErasureEndpoints
{
    public static void MapErasureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/subjects/{subjectId}/erase", EraseAsync)
            .RequireAuthorization(ApiScopes.Admin)
            .RequireRateLimiting(RateLimits.Reads)
            .WithRawRouteValues()
            .WithTags("Erasure")
            .WithName("EraseSubject")
            .DocumentsJsonBody<EraseSubjectRequest>()
            .WithSummary("Erase a data subject's personal data, giving a reason ({\"reason\": \"...\"}): destroys its keys, so every field sealed " +
                "with them reads [erased], folds its streams again and rewrites the tables that held the data. Irreversible. " +
                "200 with the erasure (alreadyErased: true when an earlier one did it); 404 when no event names the subject")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Results<Ok<ErasureResponse>, ProblemHttpResult>> EraseAsync(
        string subjectId, HttpRequest http, ClaimsPrincipal user, ErasureRuns erasures, CancellationToken cancellationToken)
    {
        const string refusal = "The request is not valid; nothing was erased";
        // An unknown subject is 404 whatever the body says; an id that is not one gets its 400 with the body's errors.
        if (EventWorkbench.Ingest.Ids.Problem(subjectId) is null && !await erasures.IsKnownAsync(subjectId, cancellationToken))
            return Problems.NotFound(ErasureRuns.UnknownText(subjectId));
        var (body, problem) = await JsonBody.ReadAsync<EraseSubjectRequest>(http, refusal, "; nothing was erased", cancellationToken);
        if (problem is not null) return problem;
        var request = new ErasureRequest(subjectId, user.Identity?.Name ?? "anonymous", body?.Reason ?? "");
        return await erasures.EraseAsync(request, cancellationToken) switch
        {
            ErasureOutcome.Erased erased => TypedResults.Ok(ErasureResponse.Of(erased.Job, alreadyErased: false)),
            ErasureOutcome.AlreadyErased { Earlier: { } earlier } => TypedResults.Ok(ErasureResponse.Of(earlier, alreadyErased: true)),
            ErasureOutcome.AlreadyErased => TypedResults.Ok(new ErasureResponse(subjectId, null, null, null, null, null, null, null, AlreadyErased: true)),
            ErasureOutcome.UnknownSubject unknown => Problems.NotFound(ErasureRuns.UnknownText(unknown.SubjectId)),
            ErasureOutcome.Incomplete incomplete => Problems.Create(StatusCodes.Status503ServiceUnavailable,
                "The erasure is recorded but not complete", ErasureRuns.Describe(incomplete)),
            ErasureOutcome.Invalid invalid => Problems.Create(StatusCodes.Status400BadRequest, refusal,
                ErasureRuns.Describe(invalid), new Dictionary<string, object?> { ["errors"] = invalid.Errors }),
            var other => throw new InvalidOperationException($"Unexpected erasure outcome {other}"),
        };
    }
}
