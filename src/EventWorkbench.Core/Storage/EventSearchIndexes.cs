using EventWorkbench.Review;
using EventWorkbench.Streams;
using Marten;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace EventWorkbench.Storage;

/// <summary>
/// What event search and the text searches of the review queue and the stream list read instead of every row:
/// PostgreSQL's <c>pg_trgm</c> (a trusted extension, so the schema owner may create it), a trigram GIN index over the
/// text inside each event's data (<see cref="TextFunction"/>: its string and number values), the same kind over the
/// proposal texts and ids the queue searches and the stream ids and input previews the stream list searches, and btree
/// indexes on the events' type, correlation id, time and actor fields. Trigram indexes serve <c>ILIKE '%…%'</c>:
/// substring, case-insensitive (case folded in <see cref="SearchCollation"/>). A Marten schema feature like the guards,
/// so <c>db-apply</c>, <c>db-assert</c> and start-up migrations know every object.
/// </summary>
public sealed class EventSearchIndexes(StoreOptions options) : EventStoreSqlFeature("EventSearchIndexes", options)
{
    public const string TextFunction = "ew_event_text";
    public const string EventTextIndex = "ew_events_text_trgm";
    public const string ProposalAiContentIndex = "ew_proposals_ai_content_trgm";

    /// <summary>The trigram indexes the review queue's text search reads.</summary>
    public static readonly IReadOnlyList<string> ProposalTextIndexes =
        [ProposalAiContentIndex, "ew_proposals_final_content_trgm", "ew_proposals_proposal_id_trgm", "ew_proposals_stream_id_trgm"];

    /// <summary>The trigram indexes the stream list's text search reads.</summary>
    public static readonly IReadOnlyList<string> StreamTextIndexes = ["ew_streams_id_trgm", "ew_streams_input_preview_trgm"];

    /// <summary>
    /// The collation text search folds case in: ICU's root locale, so "über" finds "Über" whatever the database's own
    /// locale (the embedded cluster's is C, whose ILIKE folds ASCII letters only). The trigram indexes carry it too:
    /// PostgreSQL uses an index only for a clause in the index's collation.
    /// </summary>
    public const string SearchCollation = "\"und-x-icu\"";

    /// <summary>
    /// A case-insensitive match of <paramref name="expression"/> against an ILIKE <paramref name="pattern"/>, case folded
    /// in <see cref="SearchCollation"/>.
    /// </summary>
    public static string Matches(string expression, string pattern) => $"{expression} ILIKE {pattern} COLLATE {SearchCollation}";

    /// <summary>A substring pattern for ILIKE: the text's own <c>%</c>, <c>_</c> and <c>\</c> match themselves.</summary>
    public static string SubstringPattern(string text) => "%" + LikeLiteral(text) + "%";

    /// <summary>The text as a LIKE pattern that matches only itself (its <c>%</c>, <c>_</c> and <c>\</c> escaped).</summary>
    public static string LikeLiteral(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    private const string EventsTable = "mt_events";
    private const string ProposalsTable = "mt_doc_proposalreview";
    private const string StreamsTable = "mt_doc_interactionsummary";

    /// <summary>
    /// Adds the feature, and tells the tables' own migrations to leave these indexes be (Weasel would otherwise drop an
    /// index its table does not define, and this feature create it again, on every migration).
    /// </summary>
    public static void Configure(StoreOptions options)
    {
        options.Storage.Add(new EventSearchIndexes(options));
        foreach (var (table, name, _, _) in Indexes(""))
        {
            if (table == EventsTable) options.Events.IgnoreIndex(name);
            else if (table == StreamsTable) options.Schema.For<InteractionSummary>().IgnoreIndex(name);
            else options.Schema.For<ProposalReview>().IgnoreIndex(name);
        }
    }

    public override IEnumerable<Type> DependentTypes() => [.. base.DependentTypes(), typeof(ProposalReview), typeof(InteractionSummary)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Extension("pg_trgm");

        var function = FunctionNamed(TextFunction);
        // Every string and number value, one a line, keys left out: a search for "content" finds content, not every
        // event with a content field; sealed personal fields left out too (ciphertext is no text, and its many distinct
        // trigrams would swell the index: their text is in PersonalText). IMMUTABLE, so an index can hold it.
        yield return new Function(function, $"""
            CREATE OR REPLACE FUNCTION {function.QualifiedName}(data jsonb)
             RETURNS text
             LANGUAGE sql
             IMMUTABLE PARALLEL SAFE STRICT
            AS $function$SELECT string_agg(value #>> '{"{}"}', E'\n') FROM jsonb_path_query(data, 'strict $.**') AS value WHERE jsonb_typeof(value) IN ('string', 'number') AND left(value #>> '{"{}"}', {Erasure.SealedValue.Marker.Length}) <> '{Erasure.SealedValue.Marker}'$function$;
            """);

        foreach (var (table, name, method, expression) in Indexes(function.QualifiedName))
            yield return new TableIndex(Named(name), Named(table), method, expression);
    }

    /// <summary>Each index: its table, name, method and expression as <c>pg_get_indexdef</c> renders them.</summary>
    private static IEnumerable<(string Table, string Name, string Method, string Expression)> Indexes(string textFunction) =>
    [
        (EventsTable, EventTextIndex, "gin", $"{textFunction}(data) COLLATE {SearchCollation} gin_trgm_ops"),
        (EventsTable, "ew_events_type", "btree", "type"),
        (EventsTable, "ew_events_correlation_id", "btree", "correlation_id"),
        (EventsTable, "ew_events_timestamp", "btree", "\"timestamp\""),
        (EventsTable, "ew_events_user_name", "btree", "user_name"),
        (EventsTable, "ew_events_data_by", "btree", "((data ->> 'by'::text))"),
        (EventsTable, "ew_events_data_editor", "btree", "((data ->> 'editor'::text))"),
        // The data subject each event names (the append path sets it): what an erasure looks up.
        (EventsTable, "ew_events_subject", "btree", "((headers ->> 'subject'::text))"),
        // The queue's text search: Marten reads these two from the document and the ids from their duplicated columns.
        (ProposalsTable, ProposalAiContentIndex, "gin", $"((data ->> 'aiContent'::text)) COLLATE {SearchCollation} gin_trgm_ops"),
        (ProposalsTable, ProposalTextIndexes[1], "gin", $"((data ->> 'finalContent'::text)) COLLATE {SearchCollation} gin_trgm_ops"),
        (ProposalsTable, ProposalTextIndexes[2], "gin", $"proposal_id COLLATE {SearchCollation} gin_trgm_ops"),
        (ProposalsTable, ProposalTextIndexes[3], "gin", $"stream_id COLLATE {SearchCollation} gin_trgm_ops"),
        // The stream list's text search: the stream id and the start of its input.
        (StreamsTable, StreamTextIndexes[0], "gin", $"id COLLATE {SearchCollation} gin_trgm_ops"),
        (StreamsTable, StreamTextIndexes[1], "gin", $"((data ->> 'inputPreview'::text)) COLLATE {SearchCollation} gin_trgm_ops"),
    ];
}
