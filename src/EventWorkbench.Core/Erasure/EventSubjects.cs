using System.Collections.Concurrent;
using EventWorkbench.Streams;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace EventWorkbench.Erasure;

/// <summary>One row of <see cref="PersonalText"/>.</summary>
public sealed record PersonalTextRow(Guid EventId, string SubjectId, string Text);

/// <summary>What marking a batch's events gave: the search text of those it seals, and the keys they are sealed with.</summary>
public sealed record MarkedEvents(List<PersonalTextRow> Texts, IReadOnlyCollection<Guid> KeyIds);

/// <summary>
/// Names the data subject of each event appended and marks its personal fields to be sealed with that subject's key.
/// An event's subject is the one it names itself (the envelope's <c>subjectId</c>), else its stream's: the
/// <c>subjectId</c> of the stream's <c>interaction_started</c>, in the same batch or stored before. The subject goes in
/// the event's <see cref="Header"/>, which an erasure looks events up by.
/// </summary>
public sealed class EventSubjects(IDocumentStore store)
{
    public const string Header = "subject";

    private const int MaxStreamsRemembered = 100_000;
    private readonly ConcurrentDictionary<string, string?> _streamSubjects = new(StringComparer.Ordinal);
    private readonly SubjectKeyring _keyring = SubjectKeyring.Of(store);

    /// <summary>
    /// Sets each event's subject header and marks it for sealing; <paramref name="ownSubjects"/> holds the subjects events
    /// name themselves. Returns the <see cref="PersonalText"/> rows of the events it marked, for the caller to write with them,
    /// and the keys it marked them with, for the caller to check live in its transaction (<see cref="SubjectKeysTable.LiveCheckCommand"/>).
    /// </summary>
    public async Task<MarkedEvents> MarkAsync(string streamId, IReadOnlyList<IEvent> events, IReadOnlyList<string?>? ownSubjects, CancellationToken cancellationToken)
    {
        var texts = new List<PersonalTextRow>();
        var keyIds = new HashSet<Guid>();
        string? streamSubject = null;
        var streamSubjectKnown = false;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Data is InteractionStarted started)
            {
                streamSubject = started.SubjectId;
                streamSubjectKnown = true;
            }
            var subject = ownSubjects?[i];
            if (subject is null)
            {
                if (!streamSubjectKnown)
                {
                    streamSubject = await StreamSubjectAsync(streamId, cancellationToken);
                    streamSubjectKnown = true;
                }
                subject = streamSubject;
            }
            if (subject is null) continue;
            e.SetHeader(Header, subject);
            if (e.Data is IHoldsPersonalData holder)
            {
                var (keyId, key) = await _keyring.LiveKeyAsync(subject, cancellationToken);
                PersonalDataSerializer.SealFor(holder, keyId, key);
                keyIds.Add(keyId);
                texts.Add(new PersonalTextRow(e.Id, subject, PersonalText.Of(holder)));
            }
        }
        return new MarkedEvents(texts, keyIds);
    }

    private async Task<string?> StreamSubjectAsync(string streamId, CancellationToken cancellationToken)
    {
        if (_streamSubjects.TryGetValue(streamId, out var known)) return known;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT headers ->> '{Header}' FROM {store.Options.Events.DatabaseSchemaName}.mt_events
            WHERE stream_id = $1 AND type = 'interaction_started' ORDER BY version LIMIT 1
            """, connection);
        command.Parameters.AddWithValue(streamId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // A stream not started yet may be started by a later append: only a started stream's subject (or none) is kept.
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var subject = reader.IsDBNull(0) ? null : reader.GetString(0);
        if (_streamSubjects.Count >= MaxStreamsRemembered) _streamSubjects.Clear();
        _streamSubjects[streamId] = subject;
        return subject;
    }
}
