using System.Text;
using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Tests.Ingest;

public sealed class StorableJsonTests
{
    private static IReadOnlyDictionary<string, string[]> ErrorsOf(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new ValidationErrors();
        StorableJson.Check(document.RootElement, errors, "data").ShouldBe(errors.IsEmpty);
        return errors.ToDictionary();
    }

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(string json) => ErrorsOf(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("""{"a":"x\ud800"}""", "data.a", "\\ud800) at character 2")]
    [InlineData("""{"a":"\udc00x"}""", "data.a", "\\udc00) at character 1")]
    [InlineData("""{"a":"\ud83d\ud83d\ude00"}""", "data.a", "\\ud83d) at character 1")]
    [InlineData("""{"a":["ok",{"b":"\ud800\n"}]}""", "data.a[1].b", "lone surrogate")]
    [InlineData("""{"a":{"\ud800":1}}""", "data.a", "a field name holds a lone surrogate")]
    [InlineData("""{"odd key":{"it's":"\u0000"}}""", "data['odd key']['it\\'s']", "NUL")]
    [InlineData("""{"n":[1,2,1e999999]}""", "data.n[2]", "digits before the decimal point")]
    [InlineData("""{"a":{"b":"ew-sealed:2:t:0123456789abcdef0123456789abcdef:#1"}}""", "data.a.b", "must not begin with 'ew-sealed:'")]
    [InlineData("""{"a":["ew-sealed:1:t:0123456789abcdef0123456789abcdef:AAAA"]}""", "data.a[0]", "sealed personal data")]
    [InlineData("""{"a":"ew-sealed:"}""", "data.a", "sealed personal data")]
    public void Problems_are_named_by_their_path(string json, string path, string expected) =>
        ErrorsOf(json)[path].ShouldHaveSingleItem().ShouldContain(expected);

    [Fact]
    public void Bytes_that_are_not_utf8_are_named_with_their_character()
    {
        var json = Encoding.UTF8.GetBytes("""{"a":"éx?"}""");
        json[Array.LastIndexOf(json, (byte)'?')] = 0xFF;
        ErrorsOf(json)["data.a"].ShouldHaveSingleItem().ShouldContain("byte 0xFF at character 3");
    }

    [Theory]
    [InlineData("""{"a":"\ud83d\ude00 and 😀","b":[1.5e300,-0,{"c":"\\u0000 is text"}]}""")]
    [InlineData("""{"emoji":"👩‍💻","rtl":"שלום","cjk":"東京"}""")]
    public void Ordinary_json_passes(string json) => ErrorsOf(json).ShouldBeEmpty();

    [Theory]
    [InlineData("abc", null)]
    [InlineData("a\0b", "NUL")]
    [InlineData("😀", null)]
    public void Net_strings_are_checked_for_nul(string text, string? expected)
    {
        var problem = StorableJson.TextProblem(text);
        if (expected is null) problem.ShouldBeNull();
        else problem.ShouldNotBeNull().ShouldContain(expected);
    }

    [Fact]
    public void Net_strings_are_checked_for_lone_surrogates() => // built in code: attribute strings cannot hold one
        StorableJson.TextProblem("a" + (char)0xD800).ShouldNotBeNull().ShouldContain("\\ud800) at character 2");
}
