using EventWorkbench.Export;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Review;

namespace EventWorkbench.Web.Features.Export;

/// <summary>What <c>GET /api/exports/{format}</c> writes: the data file, its manifest, its lineage or its dataset card.</summary>
public enum ExportPart { Data, Manifest, Lineage, Card }

/// <summary>
/// The query string of <c>GET /api/exports/{format}</c>, as sent: the review queue's filters in the same syntax, the
/// export-only filters (<c>tags</c> comma-separated, <c>minQuality</c>, <c>maxQuality</c>, <c>reviewer</c>) and how to
/// write it. Everything unreadable is collected, each error naming its parameter.
/// </summary>
public sealed record ExportQuery(
    string? Container,
    string? AsOf,
    string? Split,
    string? Seed,
    string? Ratios,
    string? Dedup,
    string? IncludeOnly,
    string? Part,
    string? Outcome,
    string? Product,
    string? Model,
    string? PromptVersion,
    string? Category,
    string? MinSimilarity,
    string? MaxSimilarity,
    string? Curated,
    string? Verdict,
    string? From,
    string? To,
    string? Text,
    string? Tags,
    string? MinQuality,
    string? MaxQuality,
    string? Reviewer)
{
    public static QueryParameter[] Parameters { get; } =
    [
        QueryParameter.Text("container"), QueryParameter.WholeNumber("asOf"), QueryParameter.OneOf<DatasetSplit>("split"),
        QueryParameter.WholeNumber("seed"), QueryParameter.Text("ratios"), QueryParameter.Flag("dedup"), QueryParameter.Flag("includeOnly"),
        QueryParameter.OneOf<ExportPart>("part"),
        .. ProposalListRequest.Parameters.Where(p => p.Name is not ("page" or "pageSize" or "sort" or "descending")),
        QueryParameter.Text("tags"), QueryParameter.WholeNumber("minQuality"), QueryParameter.WholeNumber("maxQuality"), QueryParameter.Text("reviewer"),
    ];

    public (ExportRequest? Request, ExportPart Part, QueryErrors Errors) ToRequest(string format)
    {
        var errors = new QueryErrors();
        if (!ExportNames.Formats.TryGetValue(format, out var exportFormat))
            errors.Add("format", $"format '{format}' is not one of {string.Join(", ", ExportNames.Formats.Keys)}");

        var container = ExportContainer.Jsonl;
        if (!string.IsNullOrWhiteSpace(Container))
        {
            if (!ExportNames.Containers.TryGetValue(Container.Trim(), out container))
                errors.Add("container", $"container '{Container}' is not one of {string.Join(", ", ExportNames.Containers.Keys)}");
            else if (exportFormat == ExportFormat.ReviewCsv) errors.Add("container", "review-csv is written as CSV and takes no container");
        }
        var asOf = QueryText.Number<long>("asOf", AsOf, errors);
        if (asOf is < 0) errors.Add("asOf", "asOf must be 0 or more");
        var split = QueryText.Enum<DatasetSplit>("split", Split, errors);
        var seed = QueryText.Number<long>("seed", Seed, errors);
        var ratios = ReadRatios(Ratios, errors);
        var dedup = QueryText.Flag("dedup", Dedup, errors);
        var includeOnly = QueryText.Flag("includeOnly", IncludeOnly, errors);
        var part = QueryText.Enum<ExportPart>("part", Part, errors);
        var minQuality = Quality("minQuality", MinQuality, errors);
        var maxQuality = Quality("maxQuality", MaxQuality, errors);
        if (minQuality > maxQuality) errors.Add("minQuality", "minQuality must not be above maxQuality");
        var (proposals, filterErrors) = new ProposalListRequest(
            Outcome, Product, Model, PromptVersion, Category, MinSimilarity, MaxSimilarity, Curated, Verdict, From, To, Text,
            null, null, null, null).ToFilter();
        foreach (var (parameter, messages) in filterErrors.ByParameter)
            foreach (var message in messages) errors.Add(parameter, message);

        var filter = new ExportFilter
        {
            Proposals = proposals ?? new(),
            Tags = (Tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            MinQuality = minQuality,
            MaxQuality = maxQuality,
            Reviewer = Reviewer,
        };
        if (exportFormat == ExportFormat.Events)
        {
            foreach (var name in filter.Describe().Keys) errors.Add(name, $"{name} does not apply to the events format, which writes every event");
            if (includeOnly is true) errors.Add("includeOnly", "includeOnly does not apply to the events format");
        }
        if (errors.Count > 0) return (null, part ?? ExportPart.Data, errors);

        return (new ExportRequest
        {
            Format = exportFormat,
            Container = container,
            AsOf = asOf,
            Filter = filter,
            Split = split,
            Seed = seed ?? 0,
            Ratios = ratios ?? SplitRatios.Default,
            Dedup = dedup ?? true,
            IncludeOnly = includeOnly ?? false,
        }, part ?? ExportPart.Data, errors);
    }

    /// <summary>Three shares written <c>0.8,0.1,0.1</c>; null when absent, and an error naming <c>ratios</c> when unreadable.</summary>
    public static SplitRatios? ReadRatios(string? text, QueryErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var parts = text.Split(',');
        var shares = parts.Select(part => double.TryParse(part.Trim(), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var share) ? share : (double?)null).ToList();
        if (parts.Length != 3 || shares.Any(share => share is null))
        {
            errors.Add("ratios", $"ratios '{text}' is not three numbers for train, validation and test, such as 0.8,0.1,0.1");
            return null;
        }
        var ratios = new SplitRatios(shares[0]!.Value, shares[1]!.Value, shares[2]!.Value);
        if (ratios.Problem() is { } problem)
        {
            errors.Add("ratios", $"ratios '{text}': {problem}");
            return null;
        }
        return ratios;
    }

    private static int? Quality(string name, string? value, QueryErrors errors)
    {
        var quality = QueryText.Number<int>(name, value, errors);
        if (quality is < 1 or > 5)
        {
            errors.Add(name, $"{name} must be between 1 and 5");
            return null;
        }
        return quality;
    }
}
