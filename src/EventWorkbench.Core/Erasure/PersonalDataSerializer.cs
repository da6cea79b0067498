using System.Buffers;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Marten;
using Npgsql;
using Weasel.Core;
using ISerializer = Marten.ISerializer;

namespace EventWorkbench.Erasure;

/// <summary>
/// The store's serializer, around Marten's own: an event the append path marked (<see cref="SealFor"/>) is written with
/// its personal fields sealed under its subject's key (one envelope per event, <see cref="SealedValue"/>), and every
/// event read back has them opened, or shown as
/// <see cref="SealedValue.Erased"/> once the key is erased. So the events table holds ciphertext while projections,
/// the history and exports see the text, and inline projections see the very objects appended, never sealed.
/// </summary>
public sealed class PersonalDataSerializer(ISerializer inner, SubjectKeyring keyring) : ISerializer
{
    private static readonly ConditionalWeakTable<object, SubjectKey> Marked = new();

    public SubjectKeyring Keyring => keyring;

    /// <summary>Seals the event's personal fields with this key when it is written.</summary>
    public static void SealFor(IHoldsPersonalData @event, Guid keyId, byte[] key) => Marked.AddOrUpdate(@event, new SubjectKey(keyId, key));

    private static object? Sealed(object? value)
    {
        if (value is not IHoldsPersonalData holder || !Marked.TryGetValue(value, out var subjectKey)) return value;
        var collected = new CollectingFields();
        holder.MapPersonalData(collected);
        return collected.Values.Count == 0 ? value : holder.MapPersonalData(new SealingFields(collected.Values, subjectKey.Id, subjectKey.Key));
    }

    private object Opened(object value)
    {
        if (value is not IHoldsPersonalData holder) return value;
        var opening = new OpeningFields(keyring);
        var opened = holder.MapPersonalData(opening);
        if (!opening.MissedReferences) return opened;
        opening.BeginSecondPass();
        return holder.MapPersonalData(opening);
    }

    private T Opened<T>(T value) => value is null ? value : (T)Opened((object)value);

    private sealed record SubjectKey(Guid Id, byte[] Key);

    /// <summary>
    /// An event's data as stored (JSON of the catalogue type <paramref name="typeName"/>) with its sealed fields opened, as
    /// JSON again: for readers that take the stored JSON rather than the event object.
    /// </summary>
    public System.Text.Json.JsonElement OpenedJson(string typeName, string json)
    {
        if (!Ingest.EventCatalogue.Appendable.TryGetValue(typeName, out var type) || !typeof(IHoldsPersonalData).IsAssignableFrom(type)
            || !json.Contains(SealedValue.Marker, StringComparison.Ordinal))
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return System.Text.Json.JsonSerializer.SerializeToElement(FromJson(type, stream), type, Ingest.EventCatalogue.Output);
    }

    public EnumStorage EnumStorage => inner.EnumStorage;
    public Casing Casing => inner.Casing;
    public ValueCasting ValueCasting => inner.ValueCasting;

    public string ToJson(object? document) => inner.ToJson(Sealed(document));
    public void WriteTo(IBufferWriter<byte> writer, object? value) => inner.WriteTo(writer, Sealed(value));
    public void WriteToParameter(NpgsqlParameter parameter, object? value) => inner.WriteToParameter(parameter, Sealed(value));
    public string ToCleanJson(object? document) => inner.ToCleanJson(Sealed(document));
    public void WriteToCleanJson(IBufferWriter<byte> writer, object? value) => inner.WriteToCleanJson(writer, Sealed(value));
    public string ToJsonWithTypes(object document) => inner.ToJsonWithTypes(Sealed(document)!);
    public void WriteToJsonWithTypes(IBufferWriter<byte> writer, object value) => inner.WriteToJsonWithTypes(writer, Sealed(value)!);

    public T FromJson<T>(Stream stream) => Opened(inner.FromJson<T>(stream));
    public T FromJson<T>(DbDataReader reader, int index) => Opened(inner.FromJson<T>(reader, index));
    public object FromJson(Type type, Stream stream) => Opened(inner.FromJson(type, stream));
    public object FromJson(Type type, DbDataReader reader, int index) => Opened(inner.FromJson(type, reader, index));

    public async ValueTask<T> FromJsonAsync<T>(Stream stream, CancellationToken cancellationToken = default) =>
        Opened(await inner.FromJsonAsync<T>(stream, cancellationToken));

    public async ValueTask<T> FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        Opened(await inner.FromJsonAsync<T>(reader, index, cancellationToken));

    public async ValueTask<object> FromJsonAsync(Type type, Stream stream, CancellationToken cancellationToken = default) =>
        Opened(await inner.FromJsonAsync(type, stream, cancellationToken));

    public async ValueTask<object> FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        Opened(await inner.FromJsonAsync(type, reader, index, cancellationToken));
}
