using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Triggers;

namespace EventWorkbench.Storage;

/// <summary>
/// A trigger that fires in every session, replication role <c>replica</c> included (<c>ENABLE ALWAYS</c>).
/// Weasel's <see cref="Trigger"/> compares only <c>pg_get_triggerdef</c>, which leaves out whether the trigger is
/// enabled; this one also reads <c>pg_trigger.tgenabled</c>, so a trigger that is disabled, enabled for origin
/// sessions only (plain <c>ENABLE</c>) or for replicas only is a difference: <c>db-assert</c> fails on it and
/// <c>db-apply</c> recreates the trigger and enables it always.
/// </summary>
public sealed class AlwaysEnabledTrigger(DbObjectName identifier, DbObjectName target, string functionCall)
    : Trigger(identifier, target, functionCall)
{
    /// <summary>The value of <c>pg_trigger.tgenabled</c> for a trigger that fires always.</summary>
    public const char EnabledAlways = 'A';

    public override void WriteCreateStatement(Migrator migrator, TextWriter writer)
    {
        base.WriteCreateStatement(migrator, writer);
        writer.WriteLine(EnableAlwaysStatement());
    }

    public string EnableAlwaysStatement() =>
        $"ALTER TABLE {Target.QualifiedName} ENABLE ALWAYS TRIGGER {SchemaUtils.QuoteName(Identifier.Name, SchemaUtils.IdentifierUsage.General)};";

    public override void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        var name = builder.AddParameter(Identifier.Name).ParameterName;
        var table = builder.AddParameter(Target.Name).ParameterName;
        var schema = builder.AddParameter(Target.Schema).ParameterName;
        builder.Append($"""

            SELECT pg_get_triggerdef(t.oid), t.tgenabled::text
            FROM pg_trigger t
            JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE NOT t.tgisinternal
              AND t.tgname = :{name}
              AND c.relname = :{table}
              AND n.nspname = :{schema};
            """);
    }

    public override async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        if (!await reader.ReadAsync(ct) || await reader.IsDBNullAsync(0, ct))
            return new SchemaObjectDelta(this, SchemaPatchDifference.Create);

        var definition = await reader.GetFieldValueAsync<string>(0, ct);
        var enabled = await reader.GetFieldValueAsync<string>(1, ct);
        var same = Matches(definition) && enabled == EnabledAlways.ToString();
        return new SchemaObjectDelta(this, same ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }
}
