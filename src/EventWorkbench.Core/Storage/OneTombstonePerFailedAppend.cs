using Marten;
using Weasel.Core;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Triggers;

namespace EventWorkbench.Storage;

/// <summary>
/// When an append's transaction fails after the append function returned its sequence numbers (the commit was cut
/// off), Marten writes one <c>tombstone</c> event per event of the failed batch to its own <c>mt_tombstone</c> stream,
/// at the drawn sequence numbers. The append-only guard would keep all of them forever. A trigger keeps the first
/// tombstone of each such batch (Marten writes a batch's tombstones in one transaction) as the record that an append
/// was lost there, and skips the rest: one row per failed transaction. No reader needs the others: projections ignore
/// Marten's own streams, and the projection daemon skips a gap no open transaction can still fill.
/// </summary>
public sealed class OneTombstonePerFailedAppend(StoreOptions options) : EventStoreSqlFeature("OneTombstonePerFailedAppend", options)
{
    public const string FunctionName = "ew_keep_one_tombstone";
    public const string TriggerName = "ew_events_one_tombstone";
    public const string TombstoneStream = "mt_tombstone";

    // Transaction-local: set by the first tombstone a transaction inserts, gone when it ends.
    private const string KeptSetting = "eventworkbench.tombstone_kept";

    public static void Configure(StoreOptions options) => options.Storage.Add(new OneTombstonePerFailedAppend(options));

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var function = FunctionNamed(FunctionName);

        yield return new Function(function, $"""
            CREATE OR REPLACE FUNCTION {function.QualifiedName}()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            BEGIN
              IF current_setting('{KeptSetting}', true) = 'on' THEN
                RETURN NULL;
              END IF;
              PERFORM set_config('{KeptSetting}', 'on', true);
              RETURN NEW;
            END;
            $function$;
            """);

        yield return new AlwaysEnabledTrigger(Named(TriggerName), Named("mt_events"), $"{function.QualifiedName}()")
        {
            Timing = TriggerTiming.Before,
            Events = TriggerEvents.Insert,
            ForEachRow = true,
            Condition = $"((new.stream_id)::text = '{TombstoneStream}'::text)",
        };
    }
}
