using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using EventWorkbench.Access;
using EventWorkbench.Streams;

namespace EventWorkbench.Ingest;

/// <summary>The wire names of every event type, and the JSON rules its data is read with.</summary>
public static class EventCatalogue
{
    /// <summary>Events an AI product may append through the API.</summary>
    public static readonly FrozenDictionary<string, Type> Appendable = new Dictionary<string, Type>
    {
        ["interaction_started"] = typeof(InteractionStarted),
        ["skill_executed"] = typeof(SkillExecuted),
        ["proposal_generated"] = typeof(ProposalGenerated),
        ["proposal_edited"] = typeof(ProposalEdited),
        ["proposal_accepted"] = typeof(ProposalAccepted),
        ["proposal_rejected"] = typeof(ProposalRejected),
        ["feedback_given"] = typeof(FeedbackGiven),
        ["path_chosen"] = typeof(PathChosen),
        ["event_corrected"] = typeof(EventCorrected),
        ["example_curated"] = typeof(ExampleCurated),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Events only the workbench itself writes.</summary>
    public static readonly FrozenDictionary<string, Type> WorkbenchOnly = new Dictionary<string, Type>
    {
        ["dataset_exported"] = typeof(DatasetExported),
        ["subject_erased"] = typeof(SubjectErased),
        ["projection_rebuilt"] = typeof(ProjectionRebuilt),
        ["projection_shadow_discarded"] = typeof(ProjectionShadowDiscarded),
        ["log_sealed"] = typeof(Audit.LogSealed),
    }.Concat(AccessEventNames.All).ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<KeyValuePair<string, Type>> All => Appendable.Concat(WorkbenchOnly);

    private static readonly FrozenDictionary<Type, string> NamesByType =
        All.ToFrozenDictionary(pair => pair.Value, pair => pair.Key);

    public static string WireName(Type eventType) =>
        NamesByType.TryGetValue(eventType, out var name) ? name : throw new ArgumentException($"{eventType.Name} is not in the catalogue");

    /// <summary>Strict reading: unknown fields, missing required fields and nulls where none are allowed are errors.</summary>
    public static readonly JsonSerializerOptions Json = CreateJsonOptions(strict: true);

    /// <summary>For writing event data back out (API reads, UI): camelCase, enums as snake_case strings.</summary>
    public static readonly JsonSerializerOptions Output = CreateJsonOptions(strict: false);

    public static JsonSerializerOptions CreateJsonOptions(bool strict)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        ConfigureJson(options);
        if (strict)
        {
            options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.RespectNullableAnnotations = true;
            options.RespectRequiredConstructorParameters = true;
            options.AllowTrailingCommas = false;
            options.NumberHandling = JsonNumberHandling.Strict;
        }
        return options;
    }

    /// <summary>The shared rules, applied to Marten's serializer too so the stored JSON reads like the wire JSON.</summary>
    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    /// <summary>Reads and validates one event's data; returns null and records errors when it is not acceptable.</summary>
    public static object? Read(string? type, JsonElement data, ValidationErrors errors, string path)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            errors.Add($"{path}.type", "is required");
            return null;
        }
        if (!Appendable.TryGetValue(type, out var eventType))
        {
            errors.Add($"{path}.type", WorkbenchOnly.ContainsKey(type)
                ? $"'{type}' is written by the workbench itself and cannot be appended through the API"
                : $"'{type}' is not a known event type; known types: {string.Join(", ", Appendable.Keys.Order())}");
            return null;
        }
        if (data.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.data", "must be a JSON object");
            return null;
        }

        if (!StorableJson.Check(data, errors, $"{path}.data")) return null;

        object? value;
        try
        {
            value = data.Deserialize(eventType, Json);
        }
        catch (JsonException ex)
        {
            errors.Add(DataPath(path, ex.Path), Describe(ex));
            return null;
        }
        if (value is not IValidatedEvent validated)
        {
            errors.Add($"{path}.data", "must be a JSON object");
            return null;
        }
        validated.Validate(new ValidationScope(errors, $"{path}.data"));
        return value;
    }

    private static string DataPath(string path, string? jsonPath) =>
        jsonPath is null or "$" ? $"{path}.data" : $"{path}.data{jsonPath.TrimStart('$')}";

    // System.Text.Json's messages name .NET types; keep the part a client can act on.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var start = message.IndexOf("including: ", StringComparison.Ordinal);
            var names = start >= 0 ? message[(start + 11)..].TrimEnd('.') : "";
            return $"is missing required fields: {names}";
        }
        if (message.Contains("could not be mapped", StringComparison.Ordinal)) return "is not a field of this event type";
        if (message.Contains("null", StringComparison.OrdinalIgnoreCase) && message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase))
            return "must not be null";
        return "has the wrong type or format";
    }
}
