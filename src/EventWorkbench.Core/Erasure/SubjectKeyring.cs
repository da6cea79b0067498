using System.Collections.Concurrent;
using System.Security.Cryptography;
using Marten;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>
/// The data subjects' keys (<see cref="SubjectKeysTable"/>), kept in memory once read: one live AES-256 key per subject,
/// made the first time an event names the subject. Opening a sealed field looks its key up by id, synchronously
/// (serializers are synchronous), from memory after the first read. A key erased stays known as erased.
/// </summary>
public sealed class SubjectKeyring(StoreOptions options)
{
    private readonly ConcurrentDictionary<Guid, byte[]?> _keysById = new();
    private readonly ConcurrentDictionary<string, (Guid Id, byte[] Key)> _liveKeys = new(StringComparer.Ordinal);
    private string Table => SubjectKeysTable.QualifiedName(options.Events.DatabaseSchemaName);

    /// <summary>The keyring the store's serializer opens sealed fields with.</summary>
    public static SubjectKeyring Of(IDocumentStore store) =>
        store.Options.Serializer() is PersonalDataSerializer serializer
            ? serializer.Keyring
            : throw new InvalidOperationException("The store was not configured by EventStoreConfiguration: it does not seal personal data.");

    /// <summary>The subject's live key, made now if it has none.</summary>
    public async Task<(Guid Id, byte[] Key)> LiveKeyAsync(string subjectId, CancellationToken cancellationToken)
    {
        if (_liveKeys.TryGetValue(subjectId, out var known)) return known;
        await using var connection = options.Tenancy.Default.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        // Two writers making the subject's first key meet at the unique index on its live key: the loser's statement
        // may not see the winner's row yet (it began before that committed), so it reads again.
        await using var command = new NpgsqlCommand($"""
            WITH made AS (INSERT INTO {Table} (key_id, subject_id, key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key_id, key)
            SELECT key_id, key FROM made UNION ALL SELECT key_id, key FROM {Table} WHERE subject_id = $2 AND key IS NOT NULL LIMIT 1
            """, connection);
        command.Parameters.AddWithValue(Guid.CreateVersion7());
        command.Parameters.AddWithValue(subjectId);
        command.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(32));
        (Guid, byte[])? found = null;
        for (var attempt = 0; found is null && attempt < 3; attempt++)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken)) found = (reader.GetGuid(0), reader.GetFieldValue<byte[]>(1));
        }
        var live = found ?? throw new InvalidOperationException($"No live key for subject '{subjectId}' after making one.");
        _keysById[live.Item1] = live.Item2;
        return _liveKeys.GetOrAdd(subjectId, live);
    }

    /// <summary>The key with this id, or null when it was erased (or never existed).</summary>
    public byte[]? KeyById(Guid keyId)
    {
        if (_keysById.TryGetValue(keyId, out var key)) return key;
        using var connection = options.Tenancy.Default.Database.CreateConnection();
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT key FROM {Table} WHERE key_id = $1", connection);
        command.Parameters.AddWithValue(keyId);
        key = command.ExecuteScalar() as byte[];
        return _keysById.GetOrAdd(keyId, key);
    }

    /// <summary>The ids of the keys this node holds in memory and has not been told were erased.</summary>
    public IReadOnlyList<Guid> HeldKeyIds() => [.. _keysById.Where(known => known.Value is not null).Select(known => known.Key)];

    /// <summary>
    /// Forgets every key this node holds in memory that the database has erased (an erasure whose notification has not
    /// reached it); returns the subjects of those keys.
    /// </summary>
    public async Task<IReadOnlyList<string>> ForgetErasedAsync(CancellationToken cancellationToken)
    {
        var held = HeldKeyIds();
        if (held.Count == 0) return [];
        var erased = new List<(Guid KeyId, string SubjectId)>();
        await using (var connection = options.Tenancy.Default.Database.CreateConnection())
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT key_id, subject_id FROM {Table} WHERE key IS NULL AND key_id = ANY($1)", connection);
            command.Parameters.AddWithValue(held.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) erased.Add((reader.GetGuid(0), reader.GetString(1)));
        }
        var subjects = erased.GroupBy(key => key.SubjectId, StringComparer.Ordinal).ToList();
        foreach (var subject in subjects) Forget(subject.Key, subject.Select(key => key.KeyId));
        return [.. subjects.Select(subject => subject.Key)];
    }

    /// <summary>Forgets the subject's keys on this node after they were erased in the database.</summary>
    public void Forget(string subjectId, IEnumerable<Guid> keyIds)
    {
        _liveKeys.TryRemove(subjectId, out _);
        foreach (var id in keyIds) _keysById[id] = null;
    }
}
