using EventWorkbench.Storage;
using Marten;
using Npgsql;
using Weasel.Core;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;

namespace EventWorkbench.Erasure;

/// <summary>
/// One row per key a data subject's personal data was sealed with: <c>key</c> is emptied when the subject is erased
/// (the row stays, so an erased key is known as erased). The app role may add keys and read them, never change or
/// remove one (<see cref="AppendOnlyPrivileges"/>): only the erasure, as the schema owner, does.
/// <para>
/// A node keeps the keys it read in memory until an erasure's notification reaches it, so an append could still seal
/// under a key the database has emptied. Every append that seals therefore asks the database, in its own transaction
/// and after the inline projections' gate (which an erasure holds closed while it empties keys), that its keys are live
/// (<see cref="LiveCheckCommand"/>): if one is not, the append fails with <see cref="ErasedKeyState"/> and writes nothing.
/// </para>
/// </summary>
public sealed class SubjectKeysTable(StoreOptions options) : EventStoreSqlFeature("SubjectKeys", options)
{
    public const string Name = "ew_subject_keys";
    public const string LiveCheckFunction = "ew_require_live_keys";

    /// <summary>The error an append's key check raises when one of its keys was erased.</summary>
    public const string ErasedKeyState = "EW001";

    public static string QualifiedName(string schema) => $"{schema}.{Name}";

    public static void Configure(StoreOptions options) => options.Storage.Add(new SubjectKeysTable(options));

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var table = new Table(Named(Name));
        table.AddColumn<Guid>("key_id").AsPrimaryKey();
        table.AddColumn<string>("subject_id").NotNull();
        table.AddColumn("key", "bytea");
        table.AddColumn<DateTimeOffset>("created_at").NotNull().DefaultValueByExpression("now()");
        table.AddColumn<DateTimeOffset>("erased_at");
        table.Indexes.Add(new IndexDefinition("ew_subject_keys_live") { Columns = ["subject_id"], IsUnique = true, Predicate = "key is not null" });
        table.Indexes.Add(new IndexDefinition("ew_subject_keys_subject") { Columns = ["subject_id"], Collation = "C" }); // see SubjectDirectory
        yield return table;

        var function = FunctionNamed(LiveCheckFunction);
        yield return new Function(function, $"""
            CREATE OR REPLACE FUNCTION {function.QualifiedName}(key_ids uuid[])
             RETURNS void
             LANGUAGE plpgsql
             STABLE
            AS $function$
            BEGIN
              IF EXISTS (SELECT 1 FROM {table.Identifier.QualifiedName} WHERE key_id = ANY(key_ids) AND key IS NULL) THEN
                RAISE EXCEPTION 'a data subject''s key this append seals with was erased' USING ERRCODE = '{ErasedKeyState}';
              END IF;
            END
            $function$;
            """);
    }

    /// <summary>The statement that checks, in an append's transaction after the gate, that the keys it seals with are live.</summary>
    public static NpgsqlBatchCommand LiveCheckCommand(string schema, IReadOnlyCollection<Guid> keyIds) =>
        new($"SELECT {schema}.{LiveCheckFunction}($1)") { Parameters = { new() { Value = keyIds.ToArray() } } };

    /// <summary>True when an append failed because a key it sealed with was erased (<see cref="LiveCheckCommand"/>).</summary>
    public static bool IsErasedKey(Exception ex) => ex.GetBaseException() is PostgresException { SqlState: ErasedKeyState };
}
