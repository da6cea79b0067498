using System.Diagnostics;
using System.Text;
using DiffPlex;
using EventWorkbench.Review.Delta;
using Spectre.Console;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// delta &lt;kb&gt;: DeltaEngine.Compare on two realistic texts of that size with scattered human edits, against two
/// baselines on the same texts in the same run: DiffPlex's line-level diff (what a stock line diff costs; the
/// ratio is taken against it) and DiffPlex's word-level diff (like for like, but no metrics, grapheme or
/// character-level work). Target: median under 20 ms for 20 KB.
/// </summary>
internal static class DeltaScenario
{
    private const double TargetMilliseconds = 20;
    private const int TargetKilobytes = 20;

    public static int Run(int kilobytes, int iterations)
    {
        var before = DeltaTexts.Proposal(kilobytes * 1024, seed: 42);
        var after = DeltaTexts.HumanEdit(before, seed: 7);
        var delta = DeltaEngine.Compare(before, after);
        AnsiConsole.MarkupLine($"[bold]delta[/]: {before.Length:N0} vs {after.Length:N0} chars, {iterations} iterations; result: " +
            $"{delta.Ops.Count:N0} runs, {delta.WordsDeleted} words deleted, {delta.WordsInserted} inserted, similarity {delta.Similarity:N3}, {delta.Category}");

        var engine = Measure(iterations, () => DeltaEngine.Compare(before, after));
        var lines = Measure(iterations, () => Differ.Instance.CreateLineDiffs(before, after, false));
        var words = Measure(iterations, () => Differ.Instance.CreateWordDiffs(before, after, false, [' ', '\n', '.', ',']));
        var ignoring = Measure(iterations, () => DeltaEngine.Compare(before, after, ignoreWhitespace: true));

        var table = new Table().AddColumns("diff", "median ms", "p95 ms");
        table.AddRow("DeltaEngine.Compare", $"{engine.Median:N2}", $"{engine.P95:N2}");
        table.AddRow("DeltaEngine.Compare, ignoreWhitespace", $"{ignoring.Median:N2}", $"{ignoring.P95:N2}");
        table.AddRow("baseline: DiffPlex line diff", $"{lines.Median:N2}", $"{lines.P95:N2}");
        table.AddRow("reference: DiffPlex word diff", $"{words.Median:N2}", $"{words.P95:N2}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"DeltaEngine / DiffPlex line diff = [bold]{engine.Median / lines.Median:N1}x[/] (median); " +
            $"DeltaEngine / DiffPlex word diff = {engine.Median / words.Median:N2}x");
        var met = engine.Median < TargetMilliseconds;
        AnsiConsole.MarkupLine(kilobytes <= TargetKilobytes
            ? $"target median < {TargetMilliseconds} ms at {TargetKilobytes} KB: {(met ? "[green]met[/]" : "[red]missed[/]")}"
            : $"(the target, median < {TargetMilliseconds} ms, is for {TargetKilobytes} KB texts)");
        return 0;
    }

    private static (double Median, double P95) Measure(int iterations, Action run)
    {
        for (var i = 0; i < Math.Max(10, iterations / 10); i++)
        {
            run();
        }
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(samples);
        return (samples[iterations / 2], samples[Math.Min(iterations - 1, (int)Math.Ceiling(iterations * 0.95) - 1)]);
    }
}

/// <summary>Deterministic support-reply prose (Markdown-ish, some non-ASCII) and a deterministic human edit of it.</summary>
internal static class DeltaTexts
{
    private static readonly string[] Openers =
    [
        "Thanks for reaching out about", "I'm sorry to hear about", "Good news regarding", "Following up on", "As promised, here is an update on",
    ];

    private static readonly string[] Topics =
    [
        "your refund", "the delayed parcel", "invoice #{0}", "the café order", "your subscription renewal", "the damaged item", "the address change",
    ];

    private static readonly string[] Sentences =
    [
        "We have checked the order history and everything looks correct on our side.",
        "The warehouse confirmed that the package left on {0} and should arrive within three working days.",
        "If the item does not arrive by Friday, reply to this message and we will send a replacement at no cost.",
        "Your refund of €{0}.50 was issued today; depending on your bank it can take up to five days to appear.",
        "Please keep the original packaging until the case is closed, in case the courier needs to inspect it.",
        "We know this is frustrating 😕 and we appreciate your patience while we sort it out.",
        "You can track the shipment at any time from the **Orders** page of your account.",
        "Our team reviewed the photos you sent and agrees that the damage happened in transit.",
        "- Reference: `CASE-{0}`\n- Priority: normal\n- Next step: courier investigation",
    ];

    public static string Proposal(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 512);
        while (text.Length < length)
        {
            text.Append("## ").Append(Openers[random.Next(Openers.Length)]).Append(' ')
                .Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, Topics[random.Next(Topics.Length)], random.Next(1000, 9999))).Append("\n\n");
            var sentences = 3 + random.Next(5);
            for (var i = 0; i < sentences; i++)
            {
                text.Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, Sentences[random.Next(Sentences.Length)], random.Next(10, 999)))
                    .Append(random.Next(4) == 0 ? "\n" : " ");
            }
            text.Append("\n\n");
        }
        return text.ToString();
    }

    /// <summary>About one word in 30 replaced, dropped or followed by an insertion; one sentence in 15 rewritten.</summary>
    public static string HumanEdit(string proposal, int seed)
    {
        var random = new Random(seed);
        var words = proposal.Split(' ');
        var edited = new StringBuilder(proposal.Length + 512);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            var roll = random.Next(450);
            word = roll switch
            {
                < 5 => "definitely",
                < 10 => "",
                < 15 => word + " also",
                15 => "We have now escalated this to our logistics partner, who will call you tomorrow.",
                _ => word,
            };
            edited.Append(word);
            if (i + 1 < words.Length)
            {
                edited.Append(' ');
            }
        }
        return edited.ToString();
    }
}
