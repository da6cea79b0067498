using EventWorkbench.Storage;
using Marten;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace EventWorkbench.Erasure;

/// <summary>
/// One row per key a data subject's personal data was sealed with: <c>key</c> is emptied when the subject is erased
/// (the row stays, so an erased key is known as erased). The app role may add keys and read them, never change or
/// remove one (<see cref="AppendOnlyPrivileges"/>): only the erasure, as the schema owner, does.
/// </summary>
public sealed class SubjectKeysTable(StoreOptions options) : EventStoreSqlFeature("SubjectKeys", options)
{
    public const string Name = "ew_subject_keys";

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
    }
}
