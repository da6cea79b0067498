using System.Text;
using EventWorkbench.Evidence;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Access;
using EventWorkbench.Web.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace EventWorkbench.Web.Features.Evidence;

/// <summary>
/// Evidence packs of a stream, a proposal or a correlation id, as a JSON bundle or (<c>?format=html</c>) a printable
/// report, and <c>POST /api/evidence/verify</c>, which checks a bundle against the store.
/// </summary>
public static class EvidenceEndpoints
{
    /// <summary>The largest bundle <c>verify</c> reads.</summary>
    public const long MaxBundleBytes = 64L * 1024 * 1024;

    public static IServiceCollection AddEvidence(this IServiceCollection services)
    {
        services.AddSingleton<EvidencePacks>().AddSingleton<EvidenceVerifier>();
        services.AddEvidencePolicy();
        return services;
    }

    public static void MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        var evidence = app.MapGroup("/api/evidence").RequireAuthorization(EvidenceAccess.Policy).WithMetadata(new ForbiddenAsStatus())
            .RequireRateLimiting(RateLimits.Reads).WithTags("Evidence");
        var format = QueryParameter.Text("format");
        evidence.MapGet("/streams/{streamId}", (string streamId, string? format, HttpContext context, EvidencePacks packs, CancellationToken cancellationToken) =>
                PackAsync(new EvidenceScope(EvidenceScopeKind.Stream, StreamId: streamId), format, context, packs, cancellationToken))
            .WithRawRouteValues().WithName("GetStreamEvidence").DescribeQuery(format).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("A stream's evidence pack: every event with its metadata and canonical columns, each event's SHA-256, the state timeline, the deltas and the digest; format=html for a printable report");
        evidence.MapGet("/proposals/{streamId}/{proposalId}", (string streamId, string proposalId, string? format, HttpContext context, EvidencePacks packs, CancellationToken cancellationToken) =>
                PackAsync(new EvidenceScope(EvidenceScopeKind.Proposal, streamId, proposalId), format, context, packs, cancellationToken))
            .WithRawRouteValues().WithName("GetProposalEvidence").DescribeQuery(format).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("A proposal's evidence pack: the events of its causal chain and the linked events of other streams");
        evidence.MapGet("/correlations/{correlationId}", (string correlationId, string? format, HttpContext context, EvidencePacks packs, CancellationToken cancellationToken) =>
                PackAsync(new EvidenceScope(EvidenceScopeKind.Correlation, CorrelationId: correlationId), format, context, packs, cancellationToken))
            .WithRawRouteValues().WithName("GetCorrelationEvidence").DescribeQuery(format).ProducesProblem(400).ProducesProblem(403).ProducesProblem(404)
            .WithSummary("The evidence pack of every event with a correlation id, in sequence order, across streams");
        evidence.MapPost("/verify", VerifyAsync).WithName("VerifyEvidence").ProducesProblem(400).ProducesProblem(403).ProducesProblem(413).ProducesProblem(415)
            .WithSummary("Verifies an evidence bundle against the store: recomputes the digest from the stored events of its scope and names the first event that differs");
    }

    private static async Task<IResult> PackAsync(EvidenceScope scope, string? format, HttpContext context, EvidencePacks packs, CancellationToken cancellationToken)
    {
        var html = format switch
        {
            null or "" or "json" => false,
            "html" => true,
            _ => (bool?)null,
        };
        if (html is null)
        {
            var errors = new QueryErrors();
            errors.Add("format", $"format '{format}' is not a format: use json (the default) or html");
            return Problems.InvalidQuery(errors);
        }
        var bundle = await packs.BuildAsync(scope, context.User.Identity?.Name, cancellationToken);
        if (bundle is null) return Problems.NotFound($"There is no event for {scope.Describe()}");
        if (html.Value) return TypedResults.Content(EvidenceReport.Write(bundle), "text/html; charset=utf-8");
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{FileName(scope)}\"";
        return TypedResults.Json(bundle, EvidenceBundleReader.Json);
    }

    private static async Task<IResult> VerifyAsync(HttpContext context, EvidenceVerifier verifier, CancellationToken cancellationToken)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBundleBytes;
        if (JsonMediaType.Refusal(context.Request.ContentType) is { } unsupported) return unsupported;
        if (context.Request.ContentLength > MaxBundleBytes)
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The bundle is too large", $"a bundle of at most {MaxBundleBytes:N0} bytes is read");
        EvidenceBundle? bundle;
        IReadOnlyList<BundleProblem> problems;
        try
        {
            (bundle, problems) = await EvidenceBundleReader.ReadAsync(context.Request.Body, cancellationToken);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The bundle is too large", $"a bundle of at most {MaxBundleBytes:N0} bytes is read");
        }
        if (bundle is null)
            return Problems.Create(StatusCodes.Status400BadRequest, "The bundle is not valid", JsonErrors.Scrub(string.Join("; ", problems)),
                new Dictionary<string, object?> { ["errors"] = ByField(problems) });
        return TypedResults.Ok(await verifier.VerifyAsync(bundle, cancellationToken));
    }

    /// <summary>The reader's problems as <c>errors</c> keyed by field, as every API problem gives them.</summary>
    private static Dictionary<string, string[]> ByField(IEnumerable<BundleProblem> problems) => problems
        .GroupBy(problem => problem.Field, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.Select(problem => JsonErrors.Scrub(problem.Message)).ToArray(), StringComparer.Ordinal);

    /// <summary>A file name of letters, digits, '-' and '.' only, whatever the ids hold.</summary>
    public static string FileName(EvidenceScope scope)
    {
        var name = scope.Kind switch
        {
            EvidenceScopeKind.Stream => $"stream-{scope.StreamId}",
            EvidenceScopeKind.Proposal => $"proposal-{scope.StreamId}-{scope.ProposalId}",
            _ => $"correlation-{scope.CorrelationId}",
        };
        var safe = new StringBuilder("evidence-");
        foreach (var c in name.Take(120)) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        return safe.Append(".json").ToString();
    }
}
