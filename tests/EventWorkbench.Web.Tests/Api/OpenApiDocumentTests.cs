using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Ingest;
using EventWorkbench.Web.Api;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using static EventWorkbench.Web.Tests.Api.Json;

namespace EventWorkbench.Web.Tests.Api;

public sealed class OpenApiDocumentTests(ApiHost host) : IClassFixture<ApiHost>
{
    private readonly HttpClient _anonymous = host.Client();
    private readonly HttpClient _writer = host.Client(ApiHost.AppendKey);

    private Task<OpenApiSchemas> DocumentAsync() => OpenApiSchemas.LoadAsync(_anonymous);

    private static string[] Sorted(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Document_reads_back_as_OpenAPI_3_1_without_errors()
    {
        var document = await DocumentAsync();

        var (read, diagnostic) = OpenApiDocument.Parse(document.Text, "json");

        diagnostic.ShouldNotBeNull();
        diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}").ShouldBeEmpty();
        diagnostic.SpecificationVersion.ShouldBe(OpenApiSpecVersion.OpenApi3_1);
        read.ShouldNotBeNull();
        read.Validate(ValidationRuleSet.GetDefaultRuleSet())!.Select(e => $"{e.Pointer}: {e.Message}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Event_type_is_an_enum_of_the_catalogue_wire_names()
    {
        var document = await DocumentAsync();

        var envelope = document.Schema(OpenApiEvents.EnvelopeSchema);
        var typeSchema = document.Schema(OpenApiSchemas.Referenced(envelope["properties"]!["type"]));

        typeSchema["type"]!.GetValue<string>().ShouldBe("string");
        Sorted(typeSchema["enum"]!.AsArray().Select(n => n!.GetValue<string>())).ShouldBe(Sorted(EventCatalogue.Appendable.Keys));
        envelope["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["type", "data"], ignoreOrder: true);
    }

    [Fact]
    public async Task Each_event_type_has_its_own_data_schema_with_the_fields_its_record_requires()
    {
        var document = await DocumentAsync();
        var variants = document.Schema(OpenApiEvents.EnvelopeSchema)["oneOf"]!.AsArray().Select(OpenApiSchemas.Referenced).ToList();

        variants.Count.ShouldBe(EventCatalogue.Appendable.Count);
        foreach (var (wireName, eventType) in EventCatalogue.Appendable)
        {
            var variant = document.Schema(OpenApiEvents.EnvelopeSchemaOf(eventType));
            variants.ShouldContain(OpenApiEvents.EnvelopeSchemaOf(eventType));
            variant["properties"]!["type"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe([wireName]);
            variant["required"]!.AsArray().Select(n => n!.GetValue<string>()).ShouldBe(["type", "data"], ignoreOrder: true);

            var data = document.Schema(OpenApiSchemas.Referenced(variant["properties"]!["data"]));
            var required = data["required"]?.AsArray().Select(n => n!.GetValue<string>()) ?? [];
            Sorted(required).ShouldBe(Sorted(RequiredFieldsOf(eventType)), $"{wireName} requires");
            Sorted(data["properties"]!.AsObject().Select(p => p.Key)).ShouldBe(Sorted(FieldsOf(eventType)), $"{wireName} fields");
            data["additionalProperties"]!.GetValue<bool>().ShouldBeFalse($"{wireName} refuses unknown fields, as the API does");
        }
    }

    [Fact]
    public async Task The_discriminator_on_type_maps_every_wire_name_to_its_event_schema()
    {
        var document = await DocumentAsync();

        var discriminator = document.Schema(OpenApiEvents.EnvelopeSchema)["discriminator"]!;

        discriminator["propertyName"]!.GetValue<string>().ShouldBe("type");
        var mapping = discriminator["mapping"]!.AsObject();
        Sorted(mapping.Select(p => p.Key)).ShouldBe(Sorted(EventCatalogue.Appendable.Keys));
        foreach (var (wireName, eventType) in EventCatalogue.Appendable)
            mapping[wireName]!.GetValue<string>().ShouldBe($"#/components/schemas/{OpenApiEvents.EnvelopeSchemaOf(eventType)}");
    }

    [Fact]
    public async Task Every_example_append_body_is_valid_by_the_schema_and_appended_by_the_api()
    {
        var document = await DocumentAsync();
        var examples = AppendOperation(document)["requestBody"]!["content"]!["application/json"]!["examples"]!.AsObject();

        examples.Select(e => e.Key).ShouldContain("interaction");
        EventCatalogue.Appendable.Keys.ShouldBeSubsetOf(examples.Select(e => e.Key), "one example per event type");
        foreach (var (name, example) in examples)
        {
            var body = example!["value"]!;
            document.Errors(OpenApiEvents.RequestSchema, body).ShouldBeEmpty($"example {name}");

            using var response = await _writer.PostEventsAsync(NewStreamId(), body.ToJsonString());

            response.StatusCode.ShouldBe(HttpStatusCode.Created, $"example {name}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Schema_examples_of_each_event_are_valid_by_their_own_schemas()
    {
        var document = await DocumentAsync();

        foreach (var eventType in EventCatalogue.Appendable.Values)
        {
            foreach (var name in new[] { eventType.Name, OpenApiEvents.EnvelopeSchemaOf(eventType) })
            {
                var examples = document.Schema(name)["examples"]!.AsArray();
                examples.Count.ShouldBeGreaterThan(0, name);
                foreach (var example in examples) document.Errors(name, example!).ShouldBeEmpty($"example of {name}");
            }
        }
    }

    [Theory]
    [InlineData("""{ "events": [ { "type": "no_such_event", "data": { "channel": "chat", "input": "Hi" } } ] }""")]
    [InlineData("""{ "events": [ { "type": null, "data": { "channel": "chat", "input": "Hi" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "dataset_exported", "data": {} } ] }""")]
    [InlineData("""{ "events": [ { "type": "interaction_started", "data": { "channel": "chat" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "interaction_started", "data": { "channel": "chat", "input": "Hi", "mood": "calm" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "interaction_started", "data": { "channel": null, "input": "Hi" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "interaction_started", "data": { "channel": "chat", "input": "Hi", "context": "text" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "proposal_accepted", "data": { "channel": "chat", "input": "Hi" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "feedback_given", "data": { "by": "a", "rating": "1" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "proposal_generated", "data": { "proposalId": "p", "model": "m", "messages": [ { "role": "robot", "content": "x" } ], "content": "x", "contentType": "text" } } ] }""")]
    [InlineData("""{ "events": [ { "type": "example_curated", "data": { "proposalId": "p", "by": "a", "verdict": "maybe" } } ] }""")]
    [InlineData("""{ "expectedVersion": "0", "events": [ { "type": "interaction_started", "data": { "channel": "chat", "input": "Hi" } } ] }""")]
    [InlineData("""{ "events": [] }""")]
    [InlineData("""{ "events": [ { "type": "interaction_started", "data": { "channel": "chat", "input": "Hi" } } ], "extra": 1 }""")]
    public async Task A_body_the_schema_refuses_is_refused_by_the_api_too(string body)
    {
        var document = await DocumentAsync();

        document.Errors(OpenApiEvents.RequestSchema, JsonNode.Parse(body)!).ShouldNotBeEmpty();
        using var response = await _writer.PostEventsAsync(NewStreamId(), body);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_key_scheme_says_how_keys_and_scopes_are_configured()
    {
        var document = await DocumentAsync();

        var scheme = document.Document["components"]!["securitySchemes"]![OpenApiBearer.SchemeName]!;

        scheme["scheme"]!.GetValue<string>().ShouldBe("bearer");
        var description = scheme["description"]!.GetValue<string>();
        description.ShouldContain("`Api:Keys:<name>:Secret`");
        description.ShouldContain("`Api:Keys:<name>:Scopes`");
    }

    [Fact]
    public void There_is_a_valid_example_event_of_every_appendable_type()
    {
        Sorted(EventExamples.ByWireName.Keys).ShouldBe(Sorted(EventCatalogue.Appendable.Keys));
        foreach (var (wireName, example) in EventExamples.ByWireName)
        {
            example.GetType().ShouldBe(EventCatalogue.Appendable[wireName]);
            var errors = new ValidationErrors();
            using var data = JsonDocument.Parse(EventExamples.Data(wireName).ToJsonString());

            EventCatalogue.Read(wireName, data.RootElement, errors, "events[0]").ShouldNotBeNull();

            errors.IsEmpty.ShouldBeTrue(wireName);
        }
    }

    private static JsonObject AppendOperation(OpenApiSchemas document) =>
        document.Document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(operation => operation.Value))
            .OfType<JsonObject>()
            .Single(operation => operation["operationId"]?.GetValue<string>() == OpenApiEvents.AppendOperationId);

    private static IEnumerable<string> FieldsOf(Type eventType) =>
        Constructor(eventType).GetParameters().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!));

    private static IEnumerable<string> RequiredFieldsOf(Type eventType) =>
        Constructor(eventType).GetParameters().Where(p => !p.HasDefaultValue).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!));

    private static System.Reflection.ConstructorInfo Constructor(Type eventType) =>
        eventType.GetConstructors().Single(c => c.GetParameters().Length > 0);
}
