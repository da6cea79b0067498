namespace EventWorkbench.Review.Delta;

/// <summary>What a run of the diff does: kept, added by the edit, or removed by it.</summary>
public enum DeltaOp { Equal, Insert, Delete }

/// <summary>How much an edit changed a proposal; the rules are in <see cref="EditCategories"/>.</summary>
public enum EditCategory { Unchanged, Formatting, MinorWording, SubstantialRewrite, StructuralChange }

/// <summary>What happened at one JSON path.</summary>
public enum JsonChangeKind { Added, Removed, Changed }

/// <summary>
/// One run of the word-level diff; Text includes the whitespace between words. For a Delete immediately
/// followed by an Insert (a replaced run) in which a word was only lightly changed (a typo, a digit, a suffix,
/// see <see cref="CharacterDiff"/>), Chars holds the character-level diff inside it, else it is empty (a rewrite
/// shows whole): the same list on both spans, whose Equal+Delete runs spell the deleted text and Equal+Insert
/// runs the inserted one; other words of the run are deleted and inserted whole in it. No span, word-level or
/// character-level, ever splits a grapheme cluster.
/// </summary>
public sealed record DeltaSpan(DeltaOp Op, string Text, IReadOnlyList<DeltaSpan> Chars);

/// <summary>One change in a JSON document: Path like <c>$.items[2].name</c>, values as compact JSON.</summary>
public sealed record JsonChange(string Path, JsonChangeKind Kind, string? Before, string? After);

/// <summary>The delta between two texts.</summary>
/// <param name="Ops">Word-level, in order; concatenating Equal+Delete texts gives <c>before</c>, Equal+Insert gives
/// <c>after</c>. With <c>ignoreWhitespace</c>, Equal runs carry the <c>after</c> text, so Equal+Insert still gives
/// <c>after</c> exactly and Equal+Delete gives <c>before</c> up to whitespace.</param>
/// <param name="EditDistance">Word-level edit distance (insertions + deletions + substitutions, counted in words).</param>
/// <param name="Similarity">0..1, 1 = identical: 1 - distance / max(words before, words after); 1 when neither has words.</param>
/// <param name="WordsInserted">Words the word alignment inserts (a kept symbol shown inside a replaced run is not counted).</param>
/// <param name="WordsDeleted">Words the word alignment deletes.</param>
/// <param name="Category">See <see cref="EditCategories"/>.</param>
/// <param name="JsonChanges">Only for JSON content (both sides valid JSON), else empty.</param>
/// <remarks>A word is a letter/digit run, one CJK (or Thai, Lao, Khmer, Myanmar) character, or one symbol or
/// emoji; whitespace and punctuation are tokens of the diff but not words, and the metrics come from an alignment
/// of the words alone, so they never depend on whitespace or punctuation. For JSON the metrics are over the
/// values (see <see cref="EditCategories"/>), the Ops over the raw texts.</remarks>
public sealed record TextDelta(
    IReadOnlyList<DeltaSpan> Ops,
    int EditDistance,
    double Similarity,
    int WordsInserted,
    int WordsDeleted,
    EditCategory Category,
    IReadOnlyList<JsonChange> JsonChanges);

/// <summary>The numbers of a <see cref="TextDelta"/> without its ops: what <see cref="DeltaEngine.Measure"/> gives.</summary>
public sealed record DeltaMetrics(int EditDistance, double Similarity, int WordsInserted, int WordsDeleted, EditCategory Category);
