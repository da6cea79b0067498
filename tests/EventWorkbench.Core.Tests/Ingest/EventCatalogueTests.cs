using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Streams;

namespace EventWorkbench.Tests.Ingest;

public sealed class EventCatalogueTests
{
    private static (object? Event, ValidationErrors Errors) Read(string type, string json)
    {
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        return (EventCatalogue.Read(type, document.RootElement.Clone(), errors, "events[0]"), errors);
    }

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(string type, string json)
    {
        var (_, errors) = Read(type, json);
        errors.IsEmpty.ShouldBeFalse($"{type} {json} should have been refused");
        return errors.ToDictionary();
    }

    public static TheoryData<string, string> ValidEvents => new()
    {
        { "interaction_started", """{"channel":"chat","input":"Where is my order?","product":"support","subjectId":"cust-1","context":{"locale":"en"}}""" },
        { "skill_executed", """{"skill":"order-lookup","succeeded":true,"input":{"order":"A1"},"output":{"status":"shipped"},"durationMs":42}""" },
        { "proposal_generated", """{"proposalId":"p1","model":"gpt-x","modelVersion":"2026-01","promptVersion":"v3","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"content":"Hello","contentType":"markdown","reasoning":"greeting","parameters":{"temperature":0.2},"usage":{"promptTokens":10}}""" },
        { "proposal_edited", """{"proposalId":"p1","editor":"ana","content":"Hello there","comment":"warmer"}""" },
        { "proposal_accepted", """{"proposalId":"p1","by":"ana"}""" },
        { "proposal_rejected", """{"proposalId":"p1","by":"ana","reason":"wrong tone"}""" },
        { "feedback_given", """{"proposalId":"p1","by":"cust-1","rating":-1,"comment":"meh","tags":["tone"]}""" },
        { "path_chosen", """{"decision":"escalate?","options":["escalate","answer"],"chosen":"answer","by":"agent-7","rationale":"simple"}""" },
        { "event_corrected", """{"correctsVersion":2,"by":"ana","reason":"typo in the edit","correction":{"content":"Hello there!"}}""" },
        { "example_curated", """{"proposalId":"p1","by":"ml-bob","verdict":"include","quality":4,"tags":["tone"],"note":"good"}""" },
    };

    [Theory]
    [MemberData(nameof(ValidEvents))]
    public void Every_catalogue_event_reads_into_its_record(string type, string json)
    {
        var (value, errors) = Read(type, json);
        errors.IsEmpty.ShouldBeTrue(errors.ToString());
        value.ShouldNotBeNull().GetType().ShouldBe(EventCatalogue.Appendable[type]);
    }

    [Fact]
    public void Enums_read_and_write_as_snake_case_strings()
    {
        var (value, _) = Read("proposal_generated", """{"proposalId":"p","model":"m","messages":[{"role":"user","content":"q"}],"content":"{}","contentType":"json"}""");
        value.ShouldBeOfType<ProposalGenerated>().ContentType.ShouldBe(ContentType.Json);
        JsonSerializer.Serialize(ContentType.Markdown, EventCatalogue.Output).ShouldBe("\"markdown\"");
        JsonSerializer.Serialize(ProposalOutcome.AcceptedEdited, EventCatalogue.Output).ShouldBe("\"accepted_edited\"");
    }

    [Fact]
    public void Missing_required_fields_are_named()
    {
        var errors = ErrorsOf("proposal_accepted", """{"proposalId":"p1"}""");
        errors["events[0].data"].ShouldHaveSingleItem().ShouldContain("by");
    }

    [Fact]
    public void Unknown_fields_are_refused() =>
        ErrorsOf("proposal_accepted", """{"proposalId":"p1","by":"ana","approvedBy":"x"}""").Keys.ShouldContain("events[0].data.approvedBy");

    [Fact]
    public void Null_where_a_value_is_required_is_refused() =>
        ErrorsOf("proposal_accepted", """{"proposalId":null,"by":"ana"}""").Keys.ShouldContain("events[0].data.proposalId");

    [Fact]
    public void Wrong_json_types_are_refused() =>
        ErrorsOf("feedback_given", """{"by":"ana","rating":"great"}""").Keys.ShouldContain("events[0].data.rating");

    [Fact]
    public void Unknown_enum_values_are_refused() =>
        ErrorsOf("example_curated", """{"proposalId":"p1","by":"bob","verdict":"maybe"}""").Keys.ShouldContain("events[0].data.verdict");

    [Fact]
    public void Integer_enum_values_are_refused() =>
        ErrorsOf("example_curated", """{"proposalId":"p1","by":"bob","verdict":1}""").Keys.ShouldContain("events[0].data.verdict");

    [Theory]
    [InlineData("feedback_given", """{"by":"ana","rating":2}""", "events[0].data.rating")]
    [InlineData("example_curated", """{"proposalId":"p1","by":"bob","verdict":"include","quality":6}""", "events[0].data.quality")]
    [InlineData("path_chosen", """{"decision":"d","options":["a","b"],"chosen":"c","by":"x"}""", "events[0].data.chosen")]
    [InlineData("path_chosen", """{"decision":"d","options":["a"],"chosen":"a","by":"x"}""", "events[0].data.options")]
    [InlineData("proposal_generated", """{"proposalId":"p","model":"m","messages":[],"content":"c","contentType":"text"}""", "events[0].data.messages")]
    [InlineData("proposal_generated", """{"proposalId":"p","model":"m","messages":[{"role":"boss","content":"q"}],"content":"c","contentType":"text"}""", "events[0].data.messages[0].role")]
    [InlineData("proposal_generated", """{"proposalId":"p","model":"m","messages":[{"role":"user","content":"q"}],"content":"{not json","contentType":"json"}""", "events[0].data.content")]
    [InlineData("proposal_generated", """{"proposalId":"p","model":"m","messages":[{"role":"user","content":"q"}],"content":"c","contentType":"text","usage":[1,2]}""", "events[0].data.usage")]
    [InlineData("interaction_started", """{"channel":"  ","input":"hi"}""", "events[0].data.channel")]
    [InlineData("interaction_started", """{"channel":"chat\u0007","input":"hi"}""", "events[0].data.channel")]
    [InlineData("interaction_started", """{"channel":"chat","input":"hi","product":""}""", "events[0].data.product")]
    [InlineData("event_corrected", """{"correctsVersion":0,"by":"a","reason":"r","correction":{}}""", "events[0].data.correctsVersion")]
    [InlineData("event_corrected", """{"correctsVersion":1,"by":"a","reason":"r","correction":"text"}""", "events[0].data.correction")]
    [InlineData("skill_executed", """{"skill":"s","succeeded":true,"durationMs":-1}""", "events[0].data.durationMs")]
    [InlineData("feedback_given", """{"by":"ana","rating":1,"tags":[""]}""", "events[0].data.tags[0]")]
    public void Rules_of_each_event_are_enforced(string type, string json, string path) =>
        ErrorsOf(type, json).Keys.ShouldContain(path);

    [Fact]
    public void Over_long_short_text_is_refused() =>
        ErrorsOf("proposal_accepted", $$"""{"proposalId":"{{new string('p', 201)}}","by":"ana"}""").Keys.ShouldContain("events[0].data.proposalId");

    [Fact]
    public void Unknown_types_list_the_known_ones()
    {
        var errors = ErrorsOf("proposal_deleted", "{}");
        errors["events[0].type"].ShouldHaveSingleItem().ShouldContain("proposal_generated");
    }

    [Theory]
    [InlineData("dataset_exported")]
    [InlineData("subject_erased")]
    [InlineData("projection_rebuilt")]
    [InlineData("projection_shadow_discarded")]
    public void Workbench_events_cannot_be_appended_by_clients(string type) =>
        ErrorsOf(type, "{}")["events[0].type"].ShouldHaveSingleItem().ShouldContain("workbench");

    [Theory]
    [InlineData("""{"proposalId":"p1","by":"ana\u0000"}""", "events[0].data.by")]
    [InlineData("""{"proposalId":"p1","by":"ana","x\u0000":1}""", "events[0].data")]
    public void The_nul_character_is_refused_because_postgresql_cannot_store_it(string json, string path) =>
        ErrorsOf("proposal_accepted", json)[path].ShouldHaveSingleItem().ShouldContain("NUL");

    [Theory]
    [InlineData("""{"proposalId":"p1","by":"a\ud800"}""", "events[0].data.by")]
    [InlineData("""{"channel":"c","input":"i","context":{"n":1e999999}}""", "events[0].data.context.n")]
    public void What_postgresql_cannot_store_is_refused_before_the_event_is_read(string json, string path)
    {
        var type = json.Contains("channel", StringComparison.Ordinal) ? "interaction_started" : "proposal_accepted";
        ErrorsOf(type, json).Keys.ShouldBe([path]);
    }

    [Theory]
    [InlineData("""{"proposalId":"p\u200B1","by":"ana"}""")]
    [InlineData("""{"proposalId":"\uFEFFp1","by":"ana"}""")]
    public void Proposal_ids_follow_the_id_rules(string json) =>
        ErrorsOf("proposal_accepted", json)["events[0].data.proposalId"].ShouldHaveSingleItem().ShouldContain("U+");

    [Fact]
    public void An_escaped_backslash_before_u0000_is_ordinary_text()
    {
        var (_, errors) = Read("proposal_accepted", """{"proposalId":"p1","by":"a\\u0000b"}""");
        errors.IsEmpty.ShouldBeTrue(errors.ToString());
    }

    [Fact]
    public void Data_must_be_an_object() =>
        ErrorsOf("proposal_accepted", "[1]").Keys.ShouldContain("events[0].data");

    [Fact]
    public void Every_catalogue_type_has_a_unique_snake_case_wire_name()
    {
        var names = EventCatalogue.All.Select(pair => pair.Key).ToList();
        names.ShouldBeUnique();
        names.ShouldAllBe(name => name.All(c => char.IsAsciiLetterLower(c) || c == '_'));
        foreach (var (name, type) in EventCatalogue.All) EventCatalogue.WireName(type).ShouldBe(name);
    }
}
