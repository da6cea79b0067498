using EventWorkbench.Storage;
using Marten;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>
/// The data subjects whose id begins with what an admin typed: every subject a key was made for (each subject whose
/// personal data was ever sealed), erased ones too, in id order. A subject id is matched as written, case included,
/// so the subject index serves the search (in a database whose collation is <c>C</c>, as the embedded one's).
/// </summary>
public sealed class SubjectDirectory(IDocumentStore store)
{
    public const int MaxLimit = 100;

    public async Task<IReadOnlyList<KnownSubject>> StartingWithAsync(string prefix, int limit, CancellationToken cancellationToken = default)
    {
        if (prefix.Length == 0) return [];
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = Command(connection, store.Options.Events.DatabaseSchemaName, prefix, limit);
        var found = new List<KnownSubject>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) found.Add(new KnownSubject(reader.GetString(0), reader.GetBoolean(1)));
        return found;
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, string schema, string prefix, int limit) =>
        new($"""
            SELECT subject_id COLLATE "C" AS id, bool_and(key IS NULL) FROM {SubjectKeysTable.QualifiedName(schema)}
            WHERE subject_id COLLATE "C" LIKE $1 GROUP BY id ORDER BY id LIMIT $2
            """, connection)
        {
            Parameters = { new() { Value = EventSearchIndexes.LikeLiteral(prefix) + "%" }, new() { Value = Math.Clamp(limit, 1, MaxLimit) } },
        };
}

/// <summary>A data subject a key was made for; <see cref="Erased"/> when none of its keys is left.</summary>
public sealed record KnownSubject(string SubjectId, bool Erased);
