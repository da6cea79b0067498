namespace EventWorkbench.Review.Delta;

/// <summary>
/// The edit-category rules, applied in this order (first match wins):
/// <list type="number">
/// <item><b>Unchanged</b>: text: the two strings are identical (ordinal). JSON: no <see cref="JsonChange"/>, i.e. the
/// documents are equal as values; formatting, whitespace and object key order are ignored, numbers compare by value.</item>
/// <item><b>StructuralChange</b> (JSON only): a key added or removed, an array length changed, or a value changed
/// between an object, an array and a scalar.</item>
/// <item><b>Formatting</b>: the sequence of words is the same, compared case-insensitively (ordinal ignore case);
/// only whitespace, punctuation (Unicode categories P*, plus the Markdown markup characters
/// <see cref="MarkupCharacters"/>) and letter case changed. For JSON the same rule on the value text.</item>
/// <item><b>MinorWording</b>: similarity &gt;= <see cref="MinorWordingMinSimilarity"/>.</item>
/// <item><b>SubstantialRewrite</b>: everything else.</item>
/// </list>
/// A word is a run of letters, digits and combining marks, one character of a script written without spaces
/// (CJK ideographs, kana, Thai, Lao, Khmer, Myanmar), or one symbol or emoji grapheme (currency, maths, emoji).
/// JSON value text: every scalar in path order (object keys sorted ordinally), strings unescaped, numbers spelled
/// one way per value (<c>1.0</c> and <c>1</c> alike), one per line;
/// its word diff gives the JSON metrics, so value-only JSON edits fall under the same similarity rule as text.
/// </summary>
public static class EditCategories
{
    /// <summary>Lowest similarity that still counts as minor wording.</summary>
    public const double MinorWordingMinSimilarity = 0.8;

    /// <summary>ASCII symbols treated as punctuation (Markdown code, quote, table, strike, superscript marks).</summary>
    public const string MarkupCharacters = "`>|~^";

    internal static EditCategory ForText(bool identical, bool sameWordsIgnoringCase, double similarity) =>
        identical ? EditCategory.Unchanged
        : sameWordsIgnoringCase ? EditCategory.Formatting
        : similarity >= MinorWordingMinSimilarity ? EditCategory.MinorWording
        : EditCategory.SubstantialRewrite;

    internal static EditCategory ForJson(bool noChanges, bool structural, bool sameWordsIgnoringCase, double similarity) =>
        noChanges ? EditCategory.Unchanged
        : structural ? EditCategory.StructuralChange
        : ForText(identical: false, sameWordsIgnoringCase, similarity);
}
