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
/// Every append touches its stream's row in <c>mt_streams</c>; a trigger there sends <c>NOTIFY</c> with the
/// stream id inside the append's own transaction, so listeners hear of it exactly when it commits, whichever
/// app node (or tool) wrote it, at no extra round trip.
/// </summary>
public sealed class AppendNotificationTrigger(StoreOptions options) : FeatureSchemaBase("AppendNotificationTrigger", options.Advanced.Migrator)
{
    public const string Channel = "eventworkbench_appends";
    public const string FunctionName = "ew_notify_stream_append";

    public static void Configure(StoreOptions options) => options.Storage.Add(new AppendNotificationTrigger(options));

    public override Type StorageType => typeof(AppendNotificationTrigger);

    public override IEnumerable<Type> DependentTypes() => [typeof(EventGraph)];

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var schema = options.Events.DatabaseSchemaName;
        var function = new PostgresqlObjectName(schema, FunctionName, IdentifierUsage.Function);

        // Written exactly as pg_get_functiondef renders it, so schema comparison sees no difference.
        yield return new Function(function, $"""
            CREATE OR REPLACE FUNCTION {function.QualifiedName}()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            BEGIN
              PERFORM pg_notify('{Channel}', NEW.id::text);
              RETURN NULL;
            END;
            $function$;
            """);

        yield return new Trigger(
            new PostgresqlObjectName(schema, "ew_streams_notify_append", IdentifierUsage.General),
            new PostgresqlObjectName(schema, "mt_streams", IdentifierUsage.General),
            $"{function.QualifiedName}()")
        {
            Timing = TriggerTiming.After,
            Events = TriggerEvents.Insert | TriggerEvents.Update,
            ForEachRow = true,
        };
    }
}
