using System.Text;

namespace EventWorkbench.Tests.Review;

/// <summary>Deterministic prose with line breaks, and deterministic scattered edits of it.</summary>
internal static class SampleText
{
    private static readonly string[] Words =
    [
        "the", "customer", "refund", "order", "shipping", "delivery", "invoice", "account", "policy", "support",
        "we", "will", "can", "should", "please", "today", "tomorrow", "package", "address", "payment", "issue",
        "resolved", "confirm", "update", "team", "thanks", "request", "return", "label", "warehouse",
    ];

    public static string Build(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 100);
        var wordsInLine = 0;
        while (text.Length < length)
        {
            text.Append(Words[random.Next(Words.Length)]);
            wordsInLine++;
            text.Append(random.Next(12) == 0 ? ", " : wordsInLine > 10 + random.Next(6) ? ".\n" : " ");
            if (text[^1] == '\n')
            {
                wordsInLine = 0;
            }
        }
        return text.ToString();
    }

    /// <summary>Replaces, drops or inserts about one word in <paramref name="everyNthWord"/>.</summary>
    public static string Edit(string text, int seed, int everyNthWord)
    {
        var random = new Random(seed);
        var parts = text.Split(' ');
        var edited = new StringBuilder(text.Length + 100);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (random.Next(everyNthWord) == 0)
            {
                part = random.Next(3) switch
                {
                    0 => "revised",
                    1 => part + " really",
                    _ => part.Length > 3 ? part[..3] : part,
                };
            }
            edited.Append(part);
            if (i + 1 < parts.Length)
            {
                edited.Append(' ');
            }
        }
        return edited.ToString();
    }
}
