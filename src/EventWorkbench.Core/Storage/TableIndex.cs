using System.Data.Common;
using Weasel.Core;
using Weasel.Postgresql;

namespace EventWorkbench.Storage;

/// <summary>
/// An index on a table another feature owns (Marten's events table, a document table), as its own schema object.
/// <paramref name="method"/> and <paramref name="expression"/> must be written exactly as <c>pg_get_indexdef</c> renders
/// them, so schema comparison sees no difference; a missing index is created, one defined otherwise is dropped and
/// created again, so <c>db-assert</c> fails on either.
/// </summary>
public sealed class TableIndex(PostgresqlObjectName identifier, PostgresqlObjectName table, string method, string expression) : ISchemaObject
{
    public DbObjectName Identifier => identifier;

    /// <summary>The definition as PostgreSQL renders it.</summary>
    public string Definition =>
        $"CREATE INDEX {identifier.Name} ON {table.QualifiedName} USING {method} ({expression})";

    public void WriteCreateStatement(Migrator migrator, TextWriter writer) => writer.WriteLine($"{Definition};");

    public void WriteDropStatement(Migrator rules, TextWriter writer) => writer.WriteLine($"DROP INDEX IF EXISTS {identifier.QualifiedName};");

    public void ConfigureQueryCommand(Weasel.Core.DbCommandBuilder builder)
    {
        var schema = builder.AddParameter(identifier.Schema).ParameterName;
        var name = builder.AddParameter(identifier.Name).ParameterName;
        builder.Append($"""

            SELECT indexdef FROM pg_indexes WHERE schemaname = :{schema} AND indexname = :{name};
            """);
    }

    public async Task<ISchemaObjectDelta> CreateDeltaAsync(DbDataReader reader, CancellationToken ct = default)
    {
        if (!await reader.ReadAsync(ct)) return new SchemaObjectDelta(this, SchemaPatchDifference.Create);
        var actual = await reader.GetFieldValueAsync<string>(0, ct);
        return new SchemaObjectDelta(this, actual == Definition ? SchemaPatchDifference.None : SchemaPatchDifference.Update);
    }

    public IEnumerable<DbObjectName> AllNames()
    {
        yield return identifier;
    }
}
