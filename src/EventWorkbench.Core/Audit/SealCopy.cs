using System.Text.Json;
using EventWorkbench.Ingest;

namespace EventWorkbench.Audit;

/// <summary>Writes and reads an auditor's copy of a seal: the JSON of a <see cref="Seal"/>.</summary>
public static class SealCopy
{
    /// <summary>A kept copy is a few hundred bytes; anything much larger is not one.</summary>
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Strict = EventCatalogue.CreateJsonOptions(strict: true);
    private static readonly JsonSerializerOptions Indented = new(EventCatalogue.Output) { WriteIndented = true };

    public static string Write(Seal seal) => JsonSerializer.Serialize(seal, Indented);

    /// <summary>The seal a kept copy holds, or why it is not one.</summary>
    public static (Seal? Seal, string? Error) Read(string json)
    {
        if (string.IsNullOrWhiteSpace(json)) return (null, "The copy is empty; expected the JSON of a seal as downloaded");
        Seal? seal;
        try
        {
            seal = JsonSerializer.Deserialize<Seal>(json, Strict);
        }
        catch (JsonException ex)
        {
            return (null, $"The copy is not the JSON of a seal as downloaded ({(ex.Path is null or "$" ? "at its start" : $"at {ex.Path}")}: {Reason(ex)})");
        }
        if (seal is null) return (null, "The copy is not the JSON of a seal as downloaded");
        if (seal.Number < 1) return (null, "The copy's number must be 1 or more");
        foreach (var (name, value) in new[]
        {
            ("segmentSha256", seal.SegmentSha256), ("eventDigestsSha256", seal.EventDigestsSha256),
            ("previousChainSha256", seal.PreviousChainSha256), ("chainSha256", seal.ChainSha256),
        })
        {
            if (!ChainDigest.IsSha256Hex(value)) return (null, $"The copy's {name} must be 64 hexadecimal digits");
        }
        return (seal, null);
    }

    private static string Reason(JsonException ex) =>
        ex.Message.Contains("missing required", StringComparison.Ordinal) ? "a field is missing"
        : ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "a field that a seal does not have"
        : "not valid JSON or a field of the wrong type";
}
