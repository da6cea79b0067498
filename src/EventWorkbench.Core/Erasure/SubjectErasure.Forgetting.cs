using Marten;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>What a node keeps in memory of an erased subject, and how it comes to forget it.</summary>
public sealed partial class SubjectErasure
{
    /// <summary>
    /// Makes this node forget the subject's keys and the streams it kept in memory, after an erasure on any node (see
    /// <see cref="Channel"/>): until then a node that read the subject's key before keeps it.
    /// </summary>
    public async Task ForgetAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT key_id FROM {SubjectKeysTable.QualifiedName(_schema)} WHERE subject_id = $1 AND key IS NULL", connection);
        command.Parameters.AddWithValue(subjectId);
        var keyIds = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) keyIds.Add(reader.GetGuid(0));
        }
        SubjectKeyring.Of(store).Forget(subjectId, keyIds);
        StreamsErased?.Invoke((await EventsOfAsync(subjectId, cancellationToken)).Streams);
    }

    /// <summary>
    /// Makes this node forget every subject whose keys it holds in memory but the database has erased, as
    /// <see cref="ForgetAsync"/> does on the erasure's notification; returns those subjects. Run when the listener for
    /// <see cref="Channel"/> (re)connects: a notification sent while it was not connected is lost.
    /// </summary>
    public async Task<IReadOnlyList<string>> ForgetMissedAsync(CancellationToken cancellationToken = default)
    {
        var subjects = await SubjectKeyring.Of(store).ForgetErasedAsync(cancellationToken);
        foreach (var subject in subjects) await ForgetAsync(subject, cancellationToken);
        return subjects;
    }
}
