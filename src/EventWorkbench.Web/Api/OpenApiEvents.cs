using System.Text.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventWorkbench.Web.Api;

/// <summary>
/// Describes the events of the append request in the OpenAPI document. <c>EventEnvelope</c> becomes a <c>oneOf</c>
/// over one envelope schema per appendable type (<c>InteractionStartedEnvelope</c>, ...), with a discriminator on
/// <c>type</c>; each envelope's <c>data</c> is the schema generated from the event record itself
/// (<c>InteractionStarted</c>, ...), read as strictly as the API reads it: no unknown fields, no null where the record
/// has none. The append operation gets example bodies (<see cref="EventExamples"/>), so a client generated from the
/// document has typed events and the API reference shows requests that succeed.
/// </summary>
public sealed class OpenApiEvents : IOpenApiDocumentTransformer
{
    public const string AppendOperationId = "AppendEvents";
    public const string EventTypeSchema = "EventType";
    public const string EnvelopeSchema = nameof(EventEnvelope);
    public const string RequestSchema = nameof(AppendRequest);
    private const string SchemaIdKey = "x-schema-id";
    private const string NullablePropertyKey = "x-is-nullable-property";

    public static string EnvelopeSchemaOf(Type eventType) => $"{eventType.Name}Envelope";

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        if (document.Components?.Schemas is not { } schemas || ValueOf(schemas, RequestSchema) is not OpenApiSchema appendRequest) return;
        if (ValueOf(schemas, EnvelopeSchema) is not OpenApiSchema envelope)
        {
            // The append body is documented by hand (OpenApiJsonBody), which inlines the events' schema: make it a
            // component of its own that the events array refers to, as the framework does for a bound body.
            envelope = (OpenApiSchema)await context.GetOrCreateSchemaAsync(typeof(EventEnvelope), cancellationToken: cancellationToken);
            Put(document, EnvelopeSchema, envelope);
            if (ValueOf(appendRequest.Properties, "events") is OpenApiSchema events) events.Items = new OpenApiSchemaReference(EnvelopeSchema, document);
        }

        Put(document, EventTypeSchema, new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "The wire name of an event type the API takes.",
            Enum = [.. EventCatalogue.Appendable.Keys.Order(StringComparer.Ordinal).Select(name => (JsonNode)name)],
        });

        var headers = ValueOf(envelope.Properties, "headers");
        var variants = new List<IOpenApiSchema>();
        var mapping = new Dictionary<string, OpenApiSchemaReference>(StringComparer.Ordinal);
        foreach (var (wireName, eventType) in EventCatalogue.Appendable.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var data = await context.GetOrCreateSchemaAsync(eventType, cancellationToken: cancellationToken);
            ReadStrictly(document, data, eventType);
            data.Description ??= $"The data of the `{wireName}` event.";
            data.Examples = [EventExamples.Data(wireName)];
            Put(document, eventType.Name, data);

            var variantName = EnvelopeSchemaOf(eventType);
            Put(document, variantName, Variant(document, wireName, eventType, headers));
            variants.Add(new OpenApiSchemaReference(variantName, document));
            mapping[wireName] = new OpenApiSchemaReference(variantName, document);
        }

        envelope.Description = "One event: its `type` (a wire name) says which schema its `data` has.";
        envelope.Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchemaReference(EventTypeSchema, document),
        };
        envelope.Required = new HashSet<string>(StringComparer.Ordinal) { "type", "data" };
        envelope.OneOf = variants;
        envelope.Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = mapping };

        if (schemas.TryGetValue(nameof(ChatMessage), out var message) && message is OpenApiSchema messageSchema)
            DescribeMessage(messageSchema);
        if (schemas.TryGetValue(RequestSchema, out var request) && request is OpenApiSchema requestSchema)
            DescribeRequest(requestSchema, context.ApplicationServices.GetService<AppendOptions>());
        AddRequestExamples(document);
    }

    private static OpenApiSchema Variant(OpenApiDocument document, string wireName, Type eventType, IOpenApiSchema? headers)
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [(JsonNode)wireName] },
            ["data"] = new OpenApiSchemaReference(eventType.Name, document),
        };
        if (headers is not null) properties["headers"] = headers;
        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = $"The `{wireName}` event.",
            Required = new HashSet<string>(StringComparer.Ordinal) { "type", "data" },
            Properties = properties,
            AdditionalPropertiesAllowed = false,
            Examples = [EventExamples.Envelope(wireName)],
        };
    }

    /// <summary>
    /// The API reads event data with <see cref="EventCatalogue.Json"/>: unknown fields are refused, and every
    /// <see cref="JsonElement"/> field of the catalogue holds a JSON object. Nested types that have a schema of their
    /// own (<c>ChatMessage</c>, <c>ContentType</c>, ...) are referenced, not repeated.
    /// </summary>
    private static void ReadStrictly(OpenApiDocument document, OpenApiSchema schema, Type recordType)
    {
        schema.AdditionalPropertiesAllowed = false;
        if (schema.Properties is null) return;
        var parameters = recordType.GetConstructors().Single(c => c.GetParameters().Length > 0).GetParameters();
        foreach (var (name, property) in schema.Properties.ToList())
        {
            var parameter = parameters.Single(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            schema.Properties[name] = type == typeof(JsonElement)
                ? AnObject(nullable: parameter.ParameterType != type)
                : Referenced(document, property);
        }
    }

    private static OpenApiSchema AnObject(bool nullable) =>
        new() { Type = nullable ? JsonSchemaType.Object | JsonSchemaType.Null : JsonSchemaType.Object };

    private static IOpenApiSchema Referenced(OpenApiDocument document, IOpenApiSchema property)
    {
        if (property is not OpenApiSchema schema) return property;
        if (schema.Items is OpenApiSchema items) schema.Items = Referenced(document, items);
        if (schema.Metadata is not { } metadata || ValueOf(metadata, SchemaIdKey) is not string id || id.Length == 0) return schema;

        var nullable = ValueOf(metadata, NullablePropertyKey) is true;
        if (!document.Components!.Schemas!.ContainsKey(id))
        {
            metadata.Remove(SchemaIdKey);
            metadata.Remove(NullablePropertyKey);
            document.AddComponent(id, schema);
        }
        var reference = new OpenApiSchemaReference(id, document);
        return nullable ? new OpenApiSchema { OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, reference] } : reference;
    }

    private static void DescribeMessage(OpenApiSchema message)
    {
        message.AdditionalPropertiesAllowed = false;
        if (ValueOf(message.Properties, "role") is OpenApiSchema role)
            role.Enum = [.. ProposalGenerated.Roles.Select(name => (JsonNode)name)];
    }

    private static void DescribeRequest(OpenApiSchema request, AppendOptions? options)
    {
        if (ValueOf(request.Properties, "events") is OpenApiSchema events)
        {
            events.Type = JsonSchemaType.Array;
            events.MinItems = 1;
            if (options is not null) events.MaxItems = options.MaxEventsPerBatch;
        }
        if (ValueOf(request.Properties, "expectedVersion") is OpenApiSchema expectedVersion)
        {
            expectedVersion.Minimum = "0";
            expectedVersion.Description = "0: the stream must be new; N: the stream must be at version N; absent: anywhere.";
        }
        request.AdditionalPropertiesAllowed = false;
    }

    private static void AddRequestExamples(OpenApiDocument document)
    {
        var append = document.Paths?.Values
            .SelectMany(path => path.Operations ?? [])
            .Select(pair => pair.Value)
            .FirstOrDefault(operation => operation.OperationId == AppendOperationId);
        if (ValueOf(append?.RequestBody?.Content, "application/json") is not { } json) return;
        json.Examples = EventExamples.AppendBodies().ToDictionary(
            example => example.Name,
            example => (IOpenApiExample)new OpenApiExample { Summary = example.Summary, Value = example.Body },
            StringComparer.Ordinal);
    }

    /// <summary>Adds a component, or replaces the one of that name (the same type, generated for another use).</summary>
    private static void Put(OpenApiDocument document, string name, OpenApiSchema schema)
    {
        if (document.Components?.Schemas is { } schemas && schemas.ContainsKey(name)) schemas[name] = schema;
        else document.AddComponent(name, schema);
    }

    private static T? ValueOf<T>(IDictionary<string, T>? dictionary, string key) where T : class =>
        dictionary is not null && dictionary.TryGetValue(key, out var value) ? value : null;
}

/// <summary>Registers the event schemas on the OpenAPI document.</summary>
public static class OpenApiEventsRegistration
{
    public static OpenApiOptions AddEventSchemas(this OpenApiOptions options) =>
        options.AddSchemaTransformer<NumbersAreNumbers>().AddDocumentTransformer<OpenApiEvents>();
}
