using System.Globalization;
using System.Security.Claims;
using System.Text;
using EventWorkbench.Audit;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Access;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventWorkbench.Web.Features.Seals;

/// <summary>What sealing now came to: the seals appended (none when nothing was new), and in words.</summary>
public sealed record SealNowResponse(IReadOnlyList<Seal> Seals, string Message);

public static class SealsEndpoints
{
    /// <summary>The page's download of one seal (the sign-in cookie): an auditor's copy.</summary>
    public const string CopyPath = "seals/copy";

    public static void MapSealsEndpoints(this IEndpointRouteBuilder app)
    {
        var seals = app.MapGroup("/api/seals").RequireAuthorization(ApiScopes.Audit).WithTags("Seals").WithRawRouteValues();
        seals.MapGet("", ListAsync).RequireRateLimiting(RateLimits.Reads).WithName("ListSeals")
            .WithSummary("Every seal of the log, oldest first: range, event count, digests, chain digest, who sealed it and when");
        seals.MapGet("/{number}", GetAsync).RequireRateLimiting(RateLimits.Reads).WithName("GetSeal")
            .WithSummary("One seal, as an auditor keeps it").ProducesProblem(400).ProducesProblem(404);
        seals.MapPost("", SealAsync).RequireRateLimiting(RateLimits.Reads).WithName("SealNow")
            .WithSummary("Seal every event appended since the last seal (201 with the new seals; 200 when nothing is new; 409 when another sealer sealed it first)")
            .ProducesProblem(409);
        seals.MapPost("/verify", VerifyAsync).RequireRateLimiting(RateLimits.Reads).WithName("VerifySeals")
            .WithSummary("Recompute the digest chain against the stored log: intact, or the first sequence that no longer matches and what is wrong there");
        seals.MapPost("/check", CheckCopyAsync).RequireRateLimiting(RateLimits.Reads).WithName("CheckKeptSeal")
            .WithSummary("Check a kept copy of a seal (the JSON of GET /api/seals/{number}) against the stored chain")
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415);

        app.MapGet($"/{CopyPath}/{{number}}", DownloadAsync)
            .RequireAuthorization(Policies.CanAudit).WithMetadata(new ForbiddenAsStatus()).WithRawRouteValues().ExcludeFromDescription();
    }

    private static async Task<Ok<IReadOnlyList<Seal>>> ListAsync(SealLog log, CancellationToken cancellationToken) =>
        TypedResults.Ok(await log.ListAsync(cancellationToken));

    private static async Task<Results<Ok<Seal>, ProblemHttpResult>> GetAsync(string number, SealLog log, CancellationToken cancellationToken)
    {
        if (!TryNumber(number, out var n)) return BadNumber(number);
        return await log.FindAsync(n, cancellationToken) is { } seal
            ? TypedResults.Ok(seal)
            : Problems.NotFound($"There is no seal {n}");
    }

    private static async Task<IResult> DownloadAsync(string number, SealLog log, CancellationToken cancellationToken)
    {
        if (!TryNumber(number, out var n)) return BadNumber(number);
        if (await log.FindAsync(n, cancellationToken) is not { } seal) return Problems.NotFound($"There is no seal {n}");
        return TypedResults.File(Encoding.UTF8.GetBytes(SealCopy.Write(seal)), "application/json", $"eventworkbench-seal-{n}.json");
    }

    private static async Task<Results<Created<SealNowResponse>, Ok<SealNowResponse>, ProblemHttpResult>> SealAsync(
        ClaimsPrincipal user, LogSealer sealer, CancellationToken cancellationToken)
    {
        SealOutcome outcome;
        try
        {
            outcome = await sealer.SealAsync(user.Identity?.Name ?? "anonymous", cancellationToken: cancellationToken);
        }
        catch (InvalidOperationException open)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Not sealed", open.Message);
        }
        switch (outcome)
        {
            case SealOutcome.Sealed { Seals: var made }:
                return TypedResults.Created($"/api/seals/{made[^1].Number}", new SealNowResponse(made, Describe(outcome)));
            case SealOutcome.NothingNew:
                return TypedResults.Ok(new SealNowResponse([], Describe(outcome)));
            default:
                return Problems.Create(StatusCodes.Status409Conflict, "Already sealed", Describe(outcome));
        }
    }

    /// <summary>A seal outcome in one sentence, for the API and the page alike.</summary>
    public static string Describe(SealOutcome outcome) => outcome switch
    {
        SealOutcome.Sealed { Seals: var made } => made.Count == 1
            ? $"Sealed sequences {made[0].FromSequence}..{made[0].ToSequence} ({made[0].EventCount:N0} events) as seal {made[0].Number}."
            : $"Sealed sequences {made[0].FromSequence}..{made[^1].ToSequence} ({made.Sum(s => s.EventCount):N0} events) as seals {made[0].Number}..{made[^1].Number}.",
        SealOutcome.NothingNew nothing => nothing.SealedThrough == 0
            ? "There are no events to seal yet."
            : $"Nothing was appended since the last seal (sealed through sequence {nothing.SealedThrough}).",
        SealOutcome.AlreadySealed already => $"Another sealer sealed this range first (seal {already.ExpectedSeal}); nothing was written.",
        _ => outcome.ToString(),
    };

    private static async Task<Ok<SealVerdict>> VerifyAsync(LogVerifier verifier, CancellationToken cancellationToken) =>
        TypedResults.Ok(await verifier.VerifyAsync(cancellationToken: cancellationToken));

    private static async Task<Results<Ok<KeptCopyVerdict>, ProblemHttpResult>> CheckCopyAsync(HttpContext http, SealLog log, CancellationToken cancellationToken)
    {
        if (JsonMediaType.Refusal(http.Request.ContentType) is { } unsupported) return unsupported;
        if (http.Request.ContentLength > SealCopy.MaxBytes) return TooLarge();
        var buffer = new char[SealCopy.MaxBytes + 1];
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var read = 0;
        int chunk;
        while (read < buffer.Length && (chunk = await reader.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0) read += chunk;
        if (read > SealCopy.MaxBytes) return TooLarge();

        var (copy, error) = SealCopy.Read(new string(buffer, 0, read));
        if (copy is null) return Problems.Create(StatusCodes.Status400BadRequest, "Not a kept copy of a seal", error!);
        return TypedResults.Ok(KeptCopyCheck.Check(copy, await log.FindAsync(copy.Number, cancellationToken)));
    }

    private static ProblemHttpResult TooLarge() =>
        Problems.Create(StatusCodes.Status413PayloadTooLarge, "Too large", $"A kept copy of a seal is at most {SealCopy.MaxBytes} bytes");

    private static bool TryNumber(string text, out long number) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number) && number >= 1;

    private static ProblemHttpResult BadNumber(string number) =>
        Problems.Create(StatusCodes.Status400BadRequest, "The address is not valid", $"number: '{number}' is not a seal number (a whole number, 1 or more)",
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["number"] = ["must be a whole number, 1 or more"] } });
}
