using Marten;
using Weasel.Core;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace EventWorkbench.Storage;

/// <summary>
/// Principle 2: the database itself refuses to rewrite history. Row triggers refuse UPDATE and DELETE on
/// the events table, a statement trigger refuses TRUNCATE. This is a Marten schema feature ordered after
/// the event store's tables, so <c>db-apply</c>, <c>db-patch</c> and start-up migrations create it like any other.
/// </summary>
public sealed class AppendOnlyGuard(StoreOptions options) : EventStoreSqlFeature("AppendOnlyGuard", options)
{
    public const string FunctionName = "ew_refuse_event_rewrite";

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
        yield return RefuseOn("ew_events_no_update", TriggerEvents.Update, forEachRow: true);
        yield return RefuseOn("ew_events_no_delete", TriggerEvents.Delete, forEachRow: true);
        yield return RefuseOn("ew_events_no_truncate", TriggerEvents.Truncate, forEachRow: false);

        Trigger RefuseOn(string name, TriggerEvents statement, bool forEachRow) =>
            new(Named(name), events, $"{function.QualifiedName}()")
            {
                Timing = TriggerTiming.Before,
                Events = statement,
                ForEachRow = forEachRow,
            };
    }
}
