using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace EventWorkbench.Erasure;

/// <summary>
/// An event type that holds a data subject's personal data says which of its fields do, once, by passing each through
/// <see cref="IPersonalFields"/>: the store seals those fields with the subject's key when it writes the event and opens
/// them when it reads it back (<see cref="PersonalDataSerializer"/>), so erasing the subject's key erases them.
/// </summary>
public interface IHoldsPersonalData
{
    /// <summary>A copy of the event with every personal field passed through <paramref name="fields"/>.</summary>
    object MapPersonalData(IPersonalFields fields);
}

/// <summary>What is done to each personal field: sealed, opened, or blanked as erased.</summary>
public interface IPersonalFields
{
    [return: NotNullIfNotNull(nameof(value))]
    string? Text(string? value);

    JsonElement? Json(JsonElement? value);

    JsonElement Json(JsonElement value) => Json((JsonElement?)value) ?? value;
}
