using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Tests.Ingest;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Export;

/// <summary>The dataset card: the Hugging Face layout, what it says about the rows' sources, determinism, escaping of untrusted names.</summary>
public sealed class DatasetCardTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private readonly string _product = $"card-{Guid.NewGuid():N}";

    private ExportRequest Request(ExportFormat format) =>
        new() { Format = format, Filter = new ExportFilter { Proposals = new ProposalFilter { Product = _product } }, Ratios = new(1, 0, 0) };

    private async Task StreamAsync(params EventWorkbench.Ingest.EventEnvelope[] events) =>
        (await fixture.Appender.AppendAsync($"{_product}-{Guid.NewGuid():N}", Batch([Started(_product), .. events]), Api))
            .ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>();

    private async Task<string> CardAsync(ExportRequest request)
    {
        var facts = new DatasetFacts();
        var manifest = await new DatasetExporter(fixture.Store).WriteAsync(request, Stream.Null, Stream.Null, facts);
        return DatasetCard.Write(manifest, facts, request);
    }

    [Fact]
    public async Task The_card_has_the_hugging_face_front_matter_and_says_counts_models_prompts_reviewers_and_categories()
    {
        await StreamAsync(
            Generated("a", "Ships tomorrow.", model: "gpt-x", promptVersion: "v1"), Accepted("a", by: "bea"),
            Generated("b", "It ship tomorow.", model: "gpt-y", promptVersion: "v2"), Edited("b", "It ships tomorrow.", editor: "cai"), Accepted("b", by: "cai"));

        var card = await CardAsync(Request(ExportFormat.TrlSft));

        var lines = card.Split('\n');
        lines[0].ShouldBe("---");
        card.ShouldContain("\nlicense: other");
        card.ShouldContain("\ntask_categories:\n- text-generation\n");
        card.ShouldContain("\nsize_categories:\n- n<1K\n");
        card.ShouldContain("\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: \"trl-sft.train.jsonl\"\n");
        card.ShouldContain($"    \"product\": \"{_product}\"");
        card.ShouldContain("\n---\n\n# EventWorkbench trl-sft export at sequence ");
        foreach (var section in new[] { "## Dataset summary", "## Dataset structure", "### Fields", "### Splits", "## How it was made", "## Lineage and re-creating it" })
            card.ShouldContain($"\n{section}\n");
        card.ShouldContain("| train | 2 |");
        card.ShouldContain("| gpt\\-x \\(2025\\-01\\) | 1 |");
        card.ShouldContain("| v1 | 1 |");
        card.ShouldContain("| bea | 1 |");
        card.ShouldContain("| cai | 1 |");
        card.ShouldContain("It holds 2 rows from 2 reviewed proposals");
        card.ShouldContain("/api/exports/trl-sft?container=jsonl&asOf=");
    }

    [Fact]
    public async Task The_same_request_at_the_same_asOf_gives_the_same_card_after_later_appends()
    {
        await StreamAsync(Generated("a", "One."), Accepted("a"));
        var request = Request(ExportFormat.TrlKto) with { AsOf = await new DatasetExporter(fixture.Store).ResolveAsOfAsync(null) };
        var before = await CardAsync(request);

        await StreamAsync(Generated("b", "Two.", model: "gpt-late"), Accepted("b", by: "late"));

        (await CardAsync(request)).ShouldBe(before);
    }

    [Fact]
    public async Task Untrusted_names_cannot_break_the_yaml_or_inject_markdown()
    {
        const string model = "evil\": x\" - injected: true <script>alert(1)</script> | [x](http://e.example) **b**";
        await StreamAsync(Generated("a", "One.", model: model), Accepted("a", by: "rev|iewer # heading"));
        var request = Request(ExportFormat.TrlSft) with { Filter = new ExportFilter { Proposals = new ProposalFilter { Product = _product, Model = model } } };

        var card = await CardAsync(request);

        card.ShouldNotContain("<script>");
        card.ShouldContain("\"model\": \"evil\\\": x\\\" - injected: true \\x3cscript\\x3ealert(1)\\x3c/script\\x3e | [x](http://e.example) **b**\"");
        card.ShouldContain("| evil\\\"\\: x\\\" \\- injected\\: true \\<script\\>alert\\(1\\)\\<\\/script\\> \\| \\[x\\]\\(http\\:\\/\\/e\\.example\\) \\*\\*b\\*\\* \\(2025\\-01\\) | 1 |");
        card.ShouldContain("| rev\\|iewer \\# heading | 1 |");
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("line\nbreak\ttab", "\"line\\x0abreak\\x09tab\"")]
    [InlineData("ünï 😀", "\"\\xfcn\\xef \\U0001f600\"")]
    [InlineData("<b>&", "\"\\x3cb\\x3e\\x26\"")]
    public void Yaml_scalars_are_double_quoted_with_every_special_character_escaped(string value, string expected) =>
        CardText.Yaml(value).ShouldBe(expected);
}
