using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Evidence;

/// <summary>What makes an uploaded bundle unreadable as one: the field at fault (<c>body</c> for the whole) and what is wrong with it.</summary>
public sealed record BundleProblem(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Reads an uploaded bundle and says, field by field, what makes it unreadable as one.</summary>
public static class EvidenceBundleReader
{
    /// <summary>The JSON rules bundles are written and read with (camelCase, enums as snake_case strings).</summary>
    public static readonly JsonSerializerOptions Json = EventCatalogue.Output;

    /// <summary>The field a problem of the whole bundle is named by.</summary>
    public const string Body = "body";

    /// <summary>The bundle, or null and the reasons it is not one, each with its field (<c>body</c> for the whole).</summary>
    public static async Task<(EvidenceBundle? Bundle, IReadOnlyList<BundleProblem> Problems)> ReadAsync(Stream body, CancellationToken cancellationToken = default)
    {
        EvidenceBundle? bundle;
        try
        {
            bundle = await JsonSerializer.DeserializeAsync<EvidenceBundle>(body, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            // The serializer's own words for a value of the wrong type name the .NET type it wanted; say it in JSON terms.
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? Body : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;
            if (!ex.Message.Contains("could not be converted to", StringComparison.Ordinal))
                return (null, [new(Body, $"is not an evidence bundle's JSON: {ex.Message.Split(". Path", 2)[0].TrimEnd('.')} (at {ex.Path ?? "$"})")]);
            return (null, [field == Body
                ? new(Body, "must be an evidence bundle: a JSON object, as GET /api/evidence/... gives it")
                : new(field, "has the wrong type for an evidence bundle")]);
        }
        catch (NotSupportedException)
        {
            return (null, [new(Body, "is not an evidence bundle's JSON: it holds a value of a kind a bundle does not have")]);
        }
        var problems = Check(bundle);
        return problems.Count == 0 ? (bundle, problems) : (null, problems);
    }

    private static List<BundleProblem> Check(EvidenceBundle? bundle)
    {
        var problems = new List<BundleProblem>();
        if (bundle is null) return [new(Body, "is empty: it must be an evidence bundle (a JSON object)")];
        if (bundle.Format != EvidenceBundle.FormatName) problems.Add(new("format", $"must be '{EvidenceBundle.FormatName}'"));
        if (bundle.Scope is null) problems.Add(new("scope", "is required"));
        else
        {
            var scope = bundle.Scope;
            if (scope.Kind is EvidenceScopeKind.Stream or EvidenceScopeKind.Proposal && string.IsNullOrEmpty(scope.StreamId)) problems.Add(new("scope.streamId", "is required"));
            if (scope.Kind == EvidenceScopeKind.Proposal && string.IsNullOrEmpty(scope.ProposalId)) problems.Add(new("scope.proposalId", "is required"));
            if (scope.Kind == EvidenceScopeKind.Correlation && string.IsNullOrEmpty(scope.CorrelationId)) problems.Add(new("scope.correlationId", "is required"));
        }
        if (bundle.Digest is null || string.IsNullOrEmpty(bundle.Digest.Sha256)) problems.Add(new("digest.sha256", "is required"));
        if (bundle.Events is null)
        {
            problems.Add(new("events", "is required"));
            return problems;
        }
        for (var i = 0; i < bundle.Events.Count && problems.Count < 20; i++)
        {
            var e = bundle.Events[i];
            if (e is null)
            {
                problems.Add(new($"events[{i}]", "must be an event"));
                continue;
            }
            if (e.Canonical is null) problems.Add(new($"events[{i}].canonical", "is required"));
            else if (CanonicalColumns.Names.FirstOrDefault(name => !e.Canonical.ContainsKey(name)) is { } missing)
                problems.Add(new($"events[{i}].canonical.{missing}", "is required (null for a null column)"));
            if (string.IsNullOrEmpty(e.Sha256)) problems.Add(new($"events[{i}].sha256", "is required"));
            if (e.Data.ValueKind == JsonValueKind.Undefined) problems.Add(new($"events[{i}].data", "is required"));
        }
        return problems;
    }
}
