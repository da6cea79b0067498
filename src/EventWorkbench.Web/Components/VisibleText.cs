using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace EventWorkbench.Web.Components;

/// <summary>
/// Untrusted text (AI output, edits, comments) as page content: always text, never markup, and with the characters
/// a reader cannot see made visible. Control characters show as small badges with their ASCII names (BEL, ESC);
/// bidirectional overrides and isolates, which can make text read differently from what it holds ("Trojan Source"),
/// and zero-width characters show as named badges too. Tab, line feed and carriage return stay as they are.
/// </summary>
public static class VisibleText
{
    // The ASCII abbreviations: legible in any font, where the Unicode control pictures (␇) often are not.
    private static readonly string[] ControlNames =
    [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
        "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    ];

    public static RenderFragment Of(string? text) => builder => Render(builder, text);

    /// <summary>The visible stand-in and the explanation for a character nobody can see, or null for an ordinary one.</summary>
    public static (string Shown, string Title)? Marker(char c) => c switch
    {
        '\t' or '\n' or '\r' => null,
        < ' ' => (ControlNames[c], $"U+{(int)c:X4} {ControlNames[c]}, a control character"),
        '\u007F' => ("DEL", "U+007F DEL, a control character"),
        >= '\u0080' and <= '\u009F' => ($"U+{(int)c:X4}", $"U+{(int)c:X4}, a control character"),
        '\u200B' => ("ZWSP", "U+200B ZERO WIDTH SPACE"),
        '\u2060' => ("WJ", "U+2060 WORD JOINER"),
        '\uFEFF' => ("BOM", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        '\u202A' => ("LRE", "U+202A LEFT-TO-RIGHT EMBEDDING: text after it may display in another order than it is stored"),
        '\u202B' => ("RLE", "U+202B RIGHT-TO-LEFT EMBEDDING: text after it may display in another order than it is stored"),
        '\u202C' => ("PDF", "U+202C POP DIRECTIONAL FORMATTING"),
        '\u202D' => ("LRO", "U+202D LEFT-TO-RIGHT OVERRIDE: text after it may display in another order than it is stored"),
        '\u202E' => ("RLO", "U+202E RIGHT-TO-LEFT OVERRIDE: text after it may display in another order than it is stored"),
        '\u2066' => ("LRI", "U+2066 LEFT-TO-RIGHT ISOLATE: text after it may display in another order than it is stored"),
        '\u2067' => ("RLI", "U+2067 RIGHT-TO-LEFT ISOLATE: text after it may display in another order than it is stored"),
        '\u2068' => ("FSI", "U+2068 FIRST STRONG ISOLATE: text after it may display in another order than it is stored"),
        '\u2069' => ("PDI", "U+2069 POP DIRECTIONAL ISOLATE"),
        _ => null,
    };

    private static void Render(RenderTreeBuilder builder, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        var from = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (Marker(text[i]) is not { } marker) continue;
            if (i > from) builder.AddContent(0, text.Substring(from, i - from));
            builder.OpenElement(1, "span");
            builder.AddAttribute(2, "class", "invisible-char");
            builder.AddAttribute(3, "title", marker.Title);
            builder.AddContent(4, marker.Shown);
            builder.CloseElement();
            from = i + 1;
        }
        if (from < text.Length) builder.AddContent(5, from == 0 ? text : text[from..]);
    }
}
