using EventWorkbench.Ingest;

namespace EventWorkbench.Tests.Ingest;

public sealed class IdsTests
{
    [Theory]
    [InlineData("support-42")]
    [InlineData("team/a 50%")]
    [InlineData("équipe-東京-😀")]
    [InlineData("שלום-1")]
    public void Readable_ids_in_any_script_are_ids(string id) => Ids.StreamIdProblem(id).ShouldBeNull();

    [Theory]
    [InlineData("\uFEFFa", "U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark) at character 1")]
    [InlineData("a\u200Bb", "U+200B ZERO WIDTH SPACE at character 2")]
    [InlineData("ab\u2028", "U+2028 LINE SEPARATOR at character 3")]
    [InlineData("ab\u2029", "U+2029 PARAGRAPH SEPARATOR at character 3")]
    [InlineData("a\u202Eb", "U+202E RIGHT-TO-LEFT OVERRIDE at character 2")]
    [InlineData("😀\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE at character 3")]
    [InlineData("a\u0007", "U+0007 a control character at character 2")]
    [InlineData("a\U000E0041", "U+E0041 an invisible formatting character at character 2")]
    public void Invisible_and_direction_changing_characters_are_named_with_their_position(string id, string expected) =>
        Ids.Problem(id).ShouldNotBeNull().ShouldContain(expected);

    [Fact]
    public void A_lone_surrogate_is_named_with_its_position() => // built in code: attribute strings cannot hold one
        Ids.Problem("a" + (char)0xD800).ShouldNotBeNull().ShouldContain("lone surrogate (U+D800) at character 2");

    [Theory]
    [InlineData("mt_tombstone")]
    [InlineData("MT_Tombstone")]
    [InlineData("mt_")]
    public void Stream_ids_starting_with_mt_are_the_event_stores_own(string id) =>
        Ids.StreamIdProblem(id).ShouldNotBeNull().ShouldContain("mt_");

    [Fact]
    public void Other_ids_may_start_with_mt_because_only_streams_are_martens() => Ids.Problem("mt_p1").ShouldBeNull();

    [Fact]
    public void Ids_longer_than_200_characters_are_refused() => Ids.Problem(new string('a', 201)).ShouldNotBeNull();
}
