using Marten;
using Marten.Events;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;
using static Weasel.Postgresql.SchemaUtils;

namespace EventWorkbench.Storage;

/// <summary>
/// Principle 2: the database itself refuses to rewrite history. Row triggers refuse UPDATE and DELETE on
/// the events table, a statement trigger refuses TRUNCATE. This is a Marten schema feature ordered after
/// the event store's tables, so <c>db-apply</c>, <c>db-patch</c> and start-up migrations create it like any other.
/// </summary>
public sealed class AppendOnlyGuard(StoreOptions options) : FeatureSchemaBase("AppendOnlyGuard", options.Advanced.Migrator)
{
    public const string FunctionName = "ew_refuse_event_rewrite";

    public static void Configure(StoreOptions options) => options.Storage.Add(new AppendOnlyGuard(options));

    public override Type StorageType => typeof(AppendOnlyGuard);

    public override IEnumerable<Type> DependentTypes() => [typeof(EventGraph)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var schema = options.Events.DatabaseSchemaName;
        var events = new PostgresqlObjectName(schema, "mt_events", IdentifierUsage.General);
        var function = new PostgresqlObjectName(schema, FunctionName, IdentifierUsage.Function);

        // Written exactly as pg_get_functiondef renders it, so schema comparison sees no difference.
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
            new(new PostgresqlObjectName(schema, name, IdentifierUsage.General), events, $"{function.QualifiedName}()")
            {
                Timing = TriggerTiming.Before,
                Events = statement,
                ForEachRow = forEachRow,
            };
    }
}
