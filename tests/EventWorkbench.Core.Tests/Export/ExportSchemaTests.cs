using System.Text.Json;
using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Tests.Ingest;
using Json.Schema;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Export;

/// <summary>Every exported row of each training format validates against its JSON Schema in <c>docs/schemas</c>.</summary>
public sealed class ExportSchemaTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private readonly string _product = $"schema-{Guid.NewGuid():N}";

    [Theory]
    [InlineData(ExportFormat.TrlSft)]
    [InlineData(ExportFormat.TrlDpo)]
    [InlineData(ExportFormat.TrlKto)]
    [InlineData(ExportFormat.OpenaiSft)]
    [InlineData(ExportFormat.OpenaiDpo)]
    public async Task Every_row_validates_against_the_formats_schema(ExportFormat format)
    {
        (await fixture.Appender.AppendAsync($"{_product}-{Guid.NewGuid():N}", Batch([Started(_product),
            Generated("same", "Ships tomorrow."), Accepted("same"),
            Generated("edited", "It ship tomorow."), Edited("edited", "It ships tomorrow."), Accepted("edited"),
            Generated("wrong", "No idea."), Rejected("wrong", "unhelpful"),
            Generated("retry", "Tracking says Friday."), Accepted("retry")]), Api)).ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>();
        var schema = SchemaOf(format);

        var rows = (await ExportRun.OfAsync(fixture.Store, new ExportRequest
        {
            Format = format, Filter = new ExportFilter { Proposals = new ProposalFilter { Product = _product } },
        })).Rows;

        rows.Count.ShouldBeGreaterThan(0);
        foreach (var row in rows)
        {
            var result = schema.Evaluate(row, new EvaluationOptions { OutputFormat = OutputFormat.List });
            result.IsValid.ShouldBeTrue($"{row.GetRawText()}: {JsonSerializer.Serialize(result)}");
        }
    }

    [Fact]
    public void A_row_with_a_key_too_many_or_a_missing_side_fails_its_schema()
    {
        var schema = SchemaOf(ExportFormat.TrlDpo);
        const string prompt = """[{"role":"user","content":"Where?"}]""";

        Valid(schema, $$"""{"prompt":{{prompt}},"chosen":[{"role":"assistant","content":"Here."}],"rejected":[{"role":"assistant","content":"No."}]}""").ShouldBeTrue();
        Valid(schema, $$"""{"prompt":{{prompt}},"chosen":[{"role":"assistant","content":"Here."}]}""").ShouldBeFalse();
        Valid(schema, $$"""{"prompt":{{prompt}},"chosen":[{"role":"assistant","content":"Here."}],"rejected":[{"role":"assistant","content":"No."}],"split":"train"}""").ShouldBeFalse();
        Valid(schema, $$"""{"prompt":{{prompt}},"chosen":[{"role":"user","content":"Here."}],"rejected":[{"role":"assistant","content":"No."}]}""").ShouldBeFalse();
    }

    private static bool Valid(JsonSchema schema, string json) => schema.Evaluate(JsonDocument.Parse(json).RootElement).IsValid;

    /// <summary>Each schema read once: the validator registers a schema by its <c>$id</c> and refuses a second one.</summary>
    private static readonly Dictionary<ExportFormat, JsonSchema> Schemas = new[]
        { ExportFormat.TrlSft, ExportFormat.TrlDpo, ExportFormat.TrlKto, ExportFormat.OpenaiSft, ExportFormat.OpenaiDpo }
        .ToDictionary(format => format, format =>
            JsonSchema.FromText(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", $"{ExportNames.Of(format)}.schema.json"))));

    private static JsonSchema SchemaOf(ExportFormat format) => Schemas[format];
}
