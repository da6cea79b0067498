using EventWorkbench.Storage;
using Marten;
using Weasel.Core;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace EventWorkbench.Audit;

/// <summary>
/// The per-event digests written when a range is sealed: one row per sealed event (its sequence, the SHA-256 of its
/// canonical bytes, and its timestamp as sealed), so verifying can name the exact sequence that no longer matches.
/// Insert-only, guarded like the events table: triggers enabled always refuse UPDATE, DELETE and TRUNCATE, and
/// <c>db-assert</c> fails while one is missing or not enabled always; the app role is not granted those statements.
/// </summary>
public sealed class SealedEventsTable(StoreOptions options) : EventStoreSqlFeature("SealedEventsTable", options)
{
    public const string TableName = "ew_sealed_events";
    public const string FunctionName = "ew_refuse_sealed_digest_rewrite";
    public const string NoUpdateTrigger = "ew_sealed_events_no_update";
    public const string NoDeleteTrigger = "ew_sealed_events_no_delete";
    public const string NoTruncateTrigger = "ew_sealed_events_no_truncate";
    public static readonly IReadOnlyList<string> TriggerNames = [NoUpdateTrigger, NoDeleteTrigger, NoTruncateTrigger];

    public const string QualifiedName = $"{EventStoreConfiguration.Schema}.{TableName}";

    public static void Configure(StoreOptions options) => options.Storage.Add(new SealedEventsTable(options));

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var table = new Table(Named(TableName));
        table.AddColumn<long>("seq_id").AsPrimaryKey();
        table.AddColumn("sha256", "bytea").NotNull();
        table.AddColumn("sealed_timestamp", "text").NotNull();
        yield return table;

        var function = FunctionNamed(FunctionName);
        yield return new Function(function, $"""
            CREATE OR REPLACE FUNCTION {function.QualifiedName}()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            BEGIN
              RAISE EXCEPTION 'sealed event digests are insert-only: % on % is refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
            END;
            $function$;
            """);

        yield return RefuseOn(NoUpdateTrigger, TriggerEvents.Update, forEachRow: true);
        yield return RefuseOn(NoDeleteTrigger, TriggerEvents.Delete, forEachRow: true);
        yield return RefuseOn(NoTruncateTrigger, TriggerEvents.Truncate, forEachRow: false);

        AlwaysEnabledTrigger RefuseOn(string name, TriggerEvents statement, bool forEachRow) =>
            new(Named(name), Named(TableName), $"{function.QualifiedName}()")
            {
                Timing = TriggerTiming.Before,
                Events = statement,
                ForEachRow = forEachRow,
            };
    }
}
