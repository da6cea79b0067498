using Marten;
using Weasel.Core;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace EventWorkbench.Storage;

/// <summary>
/// The database itself refuses to rewrite history. Row triggers refuse UPDATE and DELETE on the events table,
/// a statement trigger refuses TRUNCATE. They are enabled always, so they also fire in a session that set
/// <c>session_replication_role = replica</c> (where ordinary triggers are skipped). This is a Marten schema feature
/// ordered after the event store's tables, so <c>db-apply</c>, <c>db-patch</c> and start-up migrations create it like
/// any other, and <c>db-assert</c> fails while a guard trigger is missing or not enabled always.
/// </summary>
public sealed class AppendOnlyGuard(StoreOptions options) : EventStoreSqlFeature("AppendOnlyGuard", options)
{
    public const string FunctionName = "ew_refuse_event_rewrite";
    public const string NoUpdateTrigger = "ew_events_no_update";
    public const string NoDeleteTrigger = "ew_events_no_delete";
    public const string NoTruncateTrigger = "ew_events_no_truncate";
    public static readonly IReadOnlyList<string> TriggerNames = [NoUpdateTrigger, NoDeleteTrigger, NoTruncateTrigger];

    public static void Configure(StoreOptions options) => options.Storage.Add(new AppendOnlyGuard(options));

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var events = Named("mt_events");
        var function = FunctionNamed(FunctionName);

        yield return new Function(function, $"""
            CREATE OR REPLACE FUNCTION {function.QualifiedName}()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            BEGIN
              RAISE EXCEPTION 'events are append-only: % on % is refused; append an event_corrected event instead', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
            END;
            $function$;
            """);

        // One trigger per statement kind: PostgreSQL renders "DELETE OR UPDATE" in its own order, and a
        // single-event trigger compares equal to its catalog rendering, so migrations stay quiet.
        yield return RefuseOn(NoUpdateTrigger, TriggerEvents.Update, forEachRow: true);
        yield return RefuseOn(NoDeleteTrigger, TriggerEvents.Delete, forEachRow: true);
        yield return RefuseOn(NoTruncateTrigger, TriggerEvents.Truncate, forEachRow: false);

        AlwaysEnabledTrigger RefuseOn(string name, TriggerEvents statement, bool forEachRow) =>
            new(Named(name), events, $"{function.QualifiedName}()")
            {
                Timing = TriggerTiming.Before,
                Events = statement,
                ForEachRow = forEachRow,
            };
    }
}
