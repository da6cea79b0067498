using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Evidence;

/// <summary>Reads an uploaded bundle and says, field by field, what makes it unreadable as one.</summary>
public static class EvidenceBundleReader
{
    /// <summary>The JSON rules bundles are written and read with (camelCase, enums as snake_case strings).</summary>
    public static readonly JsonSerializerOptions Json = EventCatalogue.Output;

    /// <summary>The bundle, or null and the reasons it is not one, each <c>field: what is wrong</c> (<c>body</c> for the whole).</summary>
    public static async Task<(EvidenceBundle? Bundle, IReadOnlyList<string> Problems)> ReadAsync(Stream body, CancellationToken cancellationToken = default)
    {
        EvidenceBundle? bundle;
        try
        {
            bundle = await JsonSerializer.DeserializeAsync<EvidenceBundle>(body, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            // The serializer's own words for a value of the wrong type name the .NET type it wanted; say it in JSON terms.
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.StartsWith("$.", StringComparison.Ordinal) ? ex.Path[2..] : ex.Path;
            if (!ex.Message.Contains("could not be converted to", StringComparison.Ordinal))
                return (null, [$"body: is not an evidence bundle's JSON: {ex.Message.Split(". Path", 2)[0].TrimEnd('.')} (at {ex.Path ?? "$"})"]);
            return (null, [field == "body"
                ? "body: must be an evidence bundle: a JSON object, as GET /api/evidence/... gives it"
                : $"{field}: has the wrong type for an evidence bundle"]);
        }
        catch (NotSupportedException)
        {
            return (null, ["body: is not an evidence bundle's JSON: it holds a value of a kind a bundle does not have"]);
        }
        var problems = Check(bundle);
        return problems.Count == 0 ? (bundle, problems) : (null, problems);
    }

    private static List<string> Check(EvidenceBundle? bundle)
    {
        var problems = new List<string>();
        if (bundle is null) return ["body: is empty: it must be an evidence bundle (a JSON object)"];
        if (bundle.Format != EvidenceBundle.FormatName) problems.Add($"format: must be '{EvidenceBundle.FormatName}'");
        if (bundle.Scope is null) problems.Add("scope: is required");
        else
        {
            var scope = bundle.Scope;
            if (scope.Kind is EvidenceScopeKind.Stream or EvidenceScopeKind.Proposal && string.IsNullOrEmpty(scope.StreamId)) problems.Add("scope.streamId: is required");
            if (scope.Kind == EvidenceScopeKind.Proposal && string.IsNullOrEmpty(scope.ProposalId)) problems.Add("scope.proposalId: is required");
            if (scope.Kind == EvidenceScopeKind.Correlation && string.IsNullOrEmpty(scope.CorrelationId)) problems.Add("scope.correlationId: is required");
        }
        if (bundle.Digest is null || string.IsNullOrEmpty(bundle.Digest.Sha256)) problems.Add("digest.sha256: is required");
        if (bundle.Events is null)
        {
            problems.Add("events: is required");
            return problems;
        }
        for (var i = 0; i < bundle.Events.Count && problems.Count < 20; i++)
        {
            var e = bundle.Events[i];
            if (e is null)
            {
                problems.Add($"events[{i}]: must be an event");
                continue;
            }
            if (e.Canonical is null) problems.Add($"events[{i}].canonical: is required");
            else if (CanonicalColumns.Names.FirstOrDefault(name => !e.Canonical.ContainsKey(name)) is { } missing)
                problems.Add($"events[{i}].canonical.{missing}: is required (null for a null column)");
            if (string.IsNullOrEmpty(e.Sha256)) problems.Add($"events[{i}].sha256: is required");
            if (e.Data.ValueKind == JsonValueKind.Undefined) problems.Add($"events[{i}].data: is required");
        }
        return problems;
    }
}
