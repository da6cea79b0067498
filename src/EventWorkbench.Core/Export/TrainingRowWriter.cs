using System.Text.Json;
using EventWorkbench.Streams;

namespace EventWorkbench.Export;

/// <summary>
/// The row shapes, exactly these keys:
/// <c>trl-sft</c> and <c>openai-sft</c> <c>{"messages": [...prompt, assistant final]}</c>;
/// <c>trl-dpo</c> <c>{"prompt", "chosen", "rejected"}</c>; <c>trl-kto</c> <c>{"prompt", "completion", "label"}</c>;
/// <c>openai-dpo</c> <c>{"input": {"messages"}, "preferred_output", "non_preferred_output"}</c>.
/// </summary>
public static class TrainingRowWriter
{
    public static void Write(Utf8JsonWriter json, ExportFormat format, TrainingExample row)
    {
        json.WriteStartObject();
        switch (format)
        {
            case ExportFormat.TrlSft or ExportFormat.OpenaiSft:
                json.WriteStartArray("messages");
                foreach (var message in row.Prompt) Message(json, message.Role, message.Content);
                Message(json, "assistant", row.Chosen!);
                json.WriteEndArray();
                break;
            case ExportFormat.TrlDpo:
                Messages(json, "prompt", row.Prompt);
                Assistant(json, "chosen", row.Chosen!);
                Assistant(json, "rejected", row.Rejected!);
                break;
            case ExportFormat.TrlKto:
                Messages(json, "prompt", row.Prompt);
                Assistant(json, "completion", row.Completion!);
                json.WriteBoolean("label", row.Label!.Value);
                break;
            case ExportFormat.OpenaiDpo:
                json.WriteStartObject("input");
                Messages(json, "messages", row.Prompt);
                json.WriteEndObject();
                Assistant(json, "preferred_output", row.Chosen!);
                Assistant(json, "non_preferred_output", row.Rejected!);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "not a training format");
        }
        json.WriteEndObject();
    }

    private static void Messages(Utf8JsonWriter json, string name, IReadOnlyList<ChatMessage> messages)
    {
        json.WriteStartArray(name);
        foreach (var message in messages) Message(json, message.Role, message.Content);
        json.WriteEndArray();
    }

    private static void Assistant(Utf8JsonWriter json, string name, string content)
    {
        json.WriteStartArray(name);
        Message(json, "assistant", content);
        json.WriteEndArray();
    }

    private static void Message(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }
}
