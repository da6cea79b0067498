using Marten;
using Weasel.Core;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace EventWorkbench.Storage;

/// <summary>
/// Every append touches its stream's row in <c>mt_streams</c>; a trigger there sends <c>NOTIFY</c> with the
/// stream id inside the append's own transaction, so listeners hear of it exactly when it commits, whichever
/// app node (or tool) wrote it, at no extra round trip.
/// </summary>
public sealed class AppendNotificationTrigger(StoreOptions options) : EventStoreSqlFeature("AppendNotificationTrigger", options)
{
    public const string Channel = "eventworkbench_appends";
    public const string FunctionName = "ew_notify_stream_append";

    public static void Configure(StoreOptions options) => options.Storage.Add(new AppendNotificationTrigger(options));

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var function = FunctionNamed(FunctionName);

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
            Named("ew_streams_notify_append"),
            Named("mt_streams"),
            $"{function.QualifiedName}()")
        {
            Timing = TriggerTiming.After,
            Events = TriggerEvents.Insert | TriggerEvents.Update,
            ForEachRow = true,
        };
    }
}
