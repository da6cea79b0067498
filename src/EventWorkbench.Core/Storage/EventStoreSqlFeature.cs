using Marten;
using Marten.Events;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using static Weasel.Postgresql.SchemaUtils;

namespace EventWorkbench.Storage;

/// <summary>
/// Base for the workbench's own SQL (functions and triggers on Marten's event tables), managed as a Marten schema
/// feature ordered after the event store's tables, so db-apply, db-assert and db-patch treat it like the rest.
/// Functions must be written exactly as pg_get_functiondef renders them, so schema comparison sees no difference.
/// </summary>
public abstract class EventStoreSqlFeature(string identifier, StoreOptions options)
    : FeatureSchemaBase(identifier, options.Advanced.Migrator)
{
    public override Type StorageType => GetType();

    public override IEnumerable<Type> DependentTypes() => [typeof(EventGraph)];

    protected string Schema => options.Events.DatabaseSchemaName;

    protected PostgresqlObjectName Named(string name) => new(Schema, name, IdentifierUsage.General);

    protected PostgresqlObjectName FunctionNamed(string name) => new(Schema, name, IdentifierUsage.Function);
}
