using System.Text.Encodings.Web;
using System.Text.Json;
using EventWorkbench.Ingest;
using JasperFx.Events;

namespace EventWorkbench.Export;

/// <summary>
/// The <c>events</c> row: <c>{"sequence", "streamId", "version", "type", "id", "timestamp", "actor", "correlationId",
/// "causationId", "headers", "data"}</c>, data and headers as the API returns them, headers in name order.
/// </summary>
public static class EventRowWriter
{
    private static readonly JsonSerializerOptions Data = new(EventCatalogue.Output) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(Utf8JsonWriter json, IEvent e)
    {
        json.WriteStartObject();
        json.WriteNumber("sequence", e.Sequence);
        json.WriteString("streamId", e.StreamKey);
        json.WriteNumber("version", e.Version);
        json.WriteString("type", e.EventTypeName);
        json.WriteString("id", e.Id);
        json.WriteString("timestamp", e.Timestamp.ToUniversalTime());
        NullableString(json, "actor", e.UserName);
        NullableString(json, "correlationId", e.CorrelationId);
        NullableString(json, "causationId", e.CausationId);
        json.WritePropertyName("headers");
        WriteHeaders(json, e);
        json.WritePropertyName("data");
        WriteData(json, e);
        json.WriteEndObject();
    }

    /// <summary>The headers as one JSON object, in name order.</summary>
    public static void WriteHeaders(Utf8JsonWriter json, IEvent e)
    {
        json.WriteStartObject();
        foreach (var (name, value) in (e.Headers ?? []).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json.WritePropertyName(name);
            if (value is null) json.WriteNullValue();
            else JsonSerializer.Serialize(json, value, value.GetType(), Data);
        }
        json.WriteEndObject();
    }

    /// <summary>The event's data as the API returns it.</summary>
    public static void WriteData(Utf8JsonWriter json, IEvent e) => JsonSerializer.Serialize(json, e.Data, e.EventType, Data);

    private static void NullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }
}
