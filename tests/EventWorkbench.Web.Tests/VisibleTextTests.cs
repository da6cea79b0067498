using Bunit;
using EventWorkbench.Web.Components;

namespace EventWorkbench.Web.Tests;

public sealed class VisibleTextTests : BunitContext
{
    [Fact]
    public void Control_bidi_and_zero_width_characters_become_visible_badges_and_markup_stays_text()
    {
        var rendered = Render(VisibleText.Of("a\u0007b\u001b[31m <b>x</b>\u202Eevil\u202C\u200B\u007F end"));

        rendered.FindAll("b").ShouldBeEmpty();
        rendered.FindAll(".invisible-char").Select(e => e.TextContent).ShouldBe(["BEL", "ESC", "RLO", "PDF", "ZWSP", "DEL"]);
        rendered.Find(".invisible-char").GetAttribute("title").ShouldBe("U+0007 BEL, a control character");
        rendered.FindAll(".invisible-char")[2].GetAttribute("title")!.ShouldContain("may display in another order");
        rendered.Markup.ShouldContain("&lt;b&gt;x&lt;/b&gt;");
        rendered.Markup.ShouldNotContain("\u202E");
    }

    [Fact]
    public void Ordinary_text_with_tabs_newlines_emoji_and_joiners_is_left_as_it_is()
    {
        const string text = "line one\tcol\nline two 👩‍👩‍👧 مرحبا‎ ok"; // a family joined by ZWJs, Arabic and a left-to-right mark (the HTML parser would fold a CR)

        var rendered = Render(VisibleText.Of(text));

        rendered.FindAll(".invisible-char").ShouldBeEmpty();
        string.Concat(rendered.Nodes.Select(node => node.TextContent)).ShouldBe(text);
    }

    [Fact]
    public void Empty_and_missing_text_render_nothing()
    {
        Render(VisibleText.Of(null)).Markup.ShouldBeEmpty();
        Render(VisibleText.Of("")).Markup.ShouldBeEmpty();
    }
}
