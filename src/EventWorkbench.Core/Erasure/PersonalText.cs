using System.Text;
using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using Marten;
using Weasel.Core;
using Weasel.Postgresql.Tables;

namespace EventWorkbench.Erasure;

/// <summary>
/// What event search reads for the events whose personal fields are sealed (the trigram index over the stored data
/// sees only ciphertext there): one row per such event with the text of its data (every string and number, one a line,
/// as <see cref="EventSearchIndexes.TextFunction"/> reads plain data), under its own trigram index. Written in the
/// append's transaction; an erasure deletes the subject's rows.
/// </summary>
public sealed class PersonalText(StoreOptions options) : EventStoreSqlFeature("PersonalText", options)
{
    public const string Name = "ew_personal_text";
    public const string TextIndex = "ew_personal_text_trgm";

    public static string QualifiedName(string schema) => $"{schema}.{Name}";

    public static void Configure(StoreOptions options) => options.Storage.Add(new PersonalText(options));

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        yield return new Weasel.Postgresql.Extension("pg_trgm"); // as EventSearchIndexes: whichever is applied first makes it
        var table = new Table(Named(Name));
        table.AddColumn<Guid>("event_id").AsPrimaryKey();
        table.AddColumn<string>("subject_id").NotNull();
        table.AddColumn<string>("text").NotNull();
        table.Indexes.Add(new IndexDefinition("ew_personal_text_subject") { Columns = ["subject_id"] });
        // The trigram index is its own schema object, compared as PostgreSQL renders it (Weasel's table index puts a
        // collation after the operator class, which PostgreSQL refuses); the table's own migration leaves it be.
        table.IgnoredIndexes.Add(TextIndex);
        yield return table;
        yield return new TableIndex(Named(TextIndex), Named(Name), "gin", $"text COLLATE {EventSearchIndexes.SearchCollation} gin_trgm_ops");
    }

    /// <summary>Queues the rows in the session, so they are written in its transaction with the events.</summary>
    public static void Queue(IDocumentSession session, IEnumerable<PersonalTextRow> rows)
    {
        var table = QualifiedName(session.DocumentStore.Options.Events.DatabaseSchemaName);
        foreach (var row in rows)
            session.QueueSqlCommand($"insert into {table} (event_id, subject_id, text) values (?, ?, ?)", row.EventId, row.SubjectId, row.Text);
    }

    /// <summary>Writes the rows with one binary COPY (bulk appends, which queue nothing).</summary>
    public static async Task CopyAsync(IDocumentStore store, IReadOnlyCollection<PersonalTextRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(
            $"COPY {QualifiedName(store.Options.Events.DatabaseSchemaName)} (event_id, subject_id, text) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(row.EventId, NpgsqlTypes.NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(row.SubjectId, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(row.Text, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    /// <summary>The searchable text of an event's plain data.</summary>
    public static string Of(object data)
    {
        var text = new StringBuilder();
        Collect(JsonSerializer.SerializeToElement(data, data.GetType(), EventCatalogue.Output), text);
        return text.ToString();
    }

    private static void Collect(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
            case JsonValueKind.Number:
                if (text.Length > 0) text.Append('\n');
                text.Append(element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText());
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, text);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject()) Collect(property.Value, text);
                break;
        }
    }
}
