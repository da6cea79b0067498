using EventWorkbench.Review;
using Marten;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;

namespace EventWorkbench.Storage;

/// <summary>
/// What event search and the review queue's text search read instead of every row: PostgreSQL's <c>pg_trgm</c>
/// (a trusted extension, so the schema owner may create it), a trigram GIN index over the text inside each event's
/// data (<see cref="TextFunction"/>: its string and number values), the same kind over the proposal texts and ids the
/// queue searches, and btree indexes on the events' type, correlation id, time and actor fields. Trigram indexes serve
/// <c>ILIKE '%…%'</c>: substring, case-insensitive. A Marten schema feature like the guards, so <c>db-apply</c>,
/// <c>db-assert</c> and start-up migrations know every object.
/// </summary>
public sealed class EventSearchIndexes(StoreOptions options) : EventStoreSqlFeature("EventSearchIndexes", options)
{
    public const string TextFunction = "ew_event_text";
    public const string EventTextIndex = "ew_events_text_trgm";
    public const string ProposalAiContentIndex = "ew_proposals_ai_content_trgm";

    public static void Configure(StoreOptions options) => options.Storage.Add(new EventSearchIndexes(options));

    public override IEnumerable<Type> DependentTypes() => [.. base.DependentTypes(), typeof(ProposalReview)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Extension("pg_trgm");

        var function = FunctionNamed(TextFunction);
        // Every string and number value, one a line, keys left out: a search for "content" finds content, not every
        // event with a content field. IMMUTABLE, so an index can hold it.
        yield return new Function(function, $"""
            CREATE OR REPLACE FUNCTION {function.QualifiedName}(data jsonb)
             RETURNS text
             LANGUAGE sql
             IMMUTABLE PARALLEL SAFE STRICT
            AS $function$SELECT string_agg(value #>> '{"{}"}', E'\n') FROM jsonb_path_query(data, 'strict $.**') AS value WHERE jsonb_typeof(value) IN ('string', 'number')$function$;
            """);

        var events = Named("mt_events");
        yield return Index(EventTextIndex, events, "gin", $"{function.QualifiedName}(data) gin_trgm_ops");
        yield return Index("ew_events_type", events, "btree", "type");
        yield return Index("ew_events_correlation_id", events, "btree", "correlation_id");
        yield return Index("ew_events_timestamp", events, "btree", "\"timestamp\"");
        yield return Index("ew_events_user_name", events, "btree", "user_name");
        yield return Index("ew_events_data_by", events, "btree", "((data ->> 'by'::text))");
        yield return Index("ew_events_data_editor", events, "btree", "((data ->> 'editor'::text))");

        // The queue's text search: Marten reads these two from the document and the ids from their duplicated columns.
        var proposals = Named("mt_doc_proposalreview");
        yield return Index(ProposalAiContentIndex, proposals, "gin", "((data ->> 'aiContent'::text)) gin_trgm_ops");
        yield return Index("ew_proposals_final_content_trgm", proposals, "gin", "((data ->> 'finalContent'::text)) gin_trgm_ops");
        yield return Index("ew_proposals_proposal_id_trgm", proposals, "gin", "proposal_id gin_trgm_ops");
        yield return Index("ew_proposals_stream_id_trgm", proposals, "gin", "stream_id gin_trgm_ops");
    }

    private static TableIndex Index(string name, PostgresqlObjectName table, string method, string expression) =>
        new(new PostgresqlObjectName(table.Schema, name, SchemaUtils.IdentifierUsage.General), table, method, expression);
}
