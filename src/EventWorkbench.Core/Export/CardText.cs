using System.Globalization;
using System.Text;

namespace EventWorkbench.Export;

/// <summary>Untrusted text (model, reviewer and product names, filter values) made safe for a dataset card's YAML and Markdown.</summary>
public static class CardText
{
    /// <summary>
    /// A YAML double-quoted scalar: backslash and quote escaped, every control character (line breaks included) and
    /// every non-ASCII character as an escape, so nothing can end the scalar or start a new key; <c>&lt;</c>, <c>&gt;</c> and
    /// <c>&amp;</c> too, so a viewer that shows the front matter as text cannot meet markup in it.
    /// </summary>
    public static string Yaml(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (c == '"') text.Append("\\\"");
            else if (c == '\\') text.Append("\\\\");
            else if (c is >= 0x20 and < 0x7f and not ('<' or '>' or '&')) text.Append((char)c);
            else if (c <= 0xff) text.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            else if (c <= 0xffff) text.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            else text.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
        }
        return text.Append('"').ToString();
    }

    /// <summary>
    /// Markdown text that renders as the characters given: every ASCII punctuation character backslash-escaped (so no
    /// emphasis, link, HTML tag, table cell break or heading can start), line breaks and other control characters made spaces.
    /// </summary>
    public static string Markdown(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (char.IsControl(c)) text.Append(' ');
            else if (char.IsAsciiLetterOrDigit(c) || c == ' ' || c > 0x7e) text.Append(c);
            else text.Append('\\').Append(c);
        }
        return text.ToString();
    }
}
