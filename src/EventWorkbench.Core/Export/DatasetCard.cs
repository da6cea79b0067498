using System.Globalization;
using System.Text;

namespace EventWorkbench.Export;

/// <summary>
/// The dataset card of an export (<c>README.md</c>, the Hugging Face dataset card layout): YAML front matter (a license
/// placeholder, task category, size category, one config whose splits name their data files, and the request that
/// re-creates it), then the summary, the structure (fields, splits with counts), how it was made (models, prompt
/// versions, products, date range, reviewers, edit categories, filters, <c>asOf</c>, rows dropped) and the lineage. It
/// says only what the manifest and the rows' sources say, in a fixed order, so the same request at the same
/// <c>asOf</c> gives the same card. Untrusted names are escaped with <see cref="CardText"/>.
/// </summary>
public static class DatasetCard
{
    public const string FileName = "README.md";

    public static string Write(ExportManifest manifest, DatasetFacts facts, ExportRequest request)
    {
        var card = new StringBuilder();
        void Line(string text = "") => card.Append(text).Append('\n');
        var format = manifest.Format;
        var splits = SplitRows(manifest);

        Line("---");
        Line("license: other # placeholder: set the license of the source data before publishing");
        Line($"pretty_name: {CardText.Yaml($"EventWorkbench {format} export at sequence {manifest.AsOf}")}");
        Line("task_categories:");
        Line(ExportNames.IsTraining(request.Format) ? "- text-generation" : "- other");
        Line("size_categories:");
        Line($"- {SizeCategory(manifest.Rows.Total)}");
        Line("configs:");
        Line("- config_name: default");
        Line("  data_files:");
        foreach (var (split, _) in splits)
        {
            Line($"  - split: {split}");
            Line($"    path: {CardText.Yaml(ExportNames.DataFileName(request.Format, request.Container, Split(split)))}");
        }
        Line("eventworkbench:");
        Line($"  format: {CardText.Yaml(format)}");
        Line($"  container: {CardText.Yaml(manifest.Container)}");
        Line($"  format_version: {manifest.FormatVersion}");
        Line($"  as_of: {manifest.AsOf}");
        Line($"  seed: {manifest.Seed}");
        Line($"  ratios: [{Number(manifest.Ratios.Train)}, {Number(manifest.Ratios.Validation)}, {Number(manifest.Ratios.Test)}]");
        Line($"  dedup: {(manifest.Dedup ? "true" : "false")}");
        Line($"  include_only: {(manifest.IncludeOnly ? "true" : "false")}");
        Line(manifest.Filters.Count == 0 ? "  filters: {}" : "  filters:");
        foreach (var (name, value) in manifest.Filters) Line($"    {CardText.Yaml(name)}: {CardText.Yaml(value)}");
        Line("---");
        Line();
        Line($"# EventWorkbench {format} export at sequence {manifest.AsOf}");
        Line();
        Line("## Dataset summary");
        Line();
        Line($"{Summary(request.Format)} It holds {manifest.Rows.Total:N0} rows from {facts.Proposals:N0} reviewed proposals, made from the " +
            $"EventWorkbench event log as it stood at global sequence {manifest.AsOf} (format version {manifest.FormatVersion}).");
        Line();
        Line("## Dataset structure");
        Line();
        Line("### Fields");
        Line();
        foreach (var field in Fields(request.Format, request.Container)) Line($"- {field}");
        Line();
        Line("### Splits");
        Line();
        Line("Splits are grouped by stream (one interaction never lands in two splits) with SHA-256 of the seed and the stream id.");
        Line();
        Line("| split | rows | file |");
        Line("| --- | ---: | --- |");
        foreach (var (split, rows) in splits)
            Line($"| {split} | {rows.ToString(CultureInfo.InvariantCulture)} | `{ExportNames.DataFileName(request.Format, request.Container, Split(split))}` |");
        Line();
        Line("## How it was made");
        Line();
        Line("AI proposals were reviewed by people (accepted as they were, edited, or rejected) and every step was kept as an " +
            "event; the rows are rebuilt from those events with the review queue's own fold.");
        Line();
        Line($"- Generated between: {Instant(facts.GeneratedFrom)} and {Instant(facts.GeneratedTo)}");
        Line($"- Filters: {(manifest.Filters.Count == 0 ? "none" : string.Join(", ", manifest.Filters.Select(f => $"{CardText.Markdown(f.Key)} = {CardText.Markdown(f.Value)}")))}");
        Line($"- Pinned to sequence (asOf): {manifest.AsOf}; seed {manifest.Seed}; ratios {Number(manifest.Ratios.Train)}, " +
            $"{Number(manifest.Ratios.Validation)}, {Number(manifest.Ratios.Test)}; dedup {(manifest.Dedup ? "on" : "off")}; " +
            $"include-only {(manifest.IncludeOnly ? "on" : "off")}");
        Line($"- Rows dropped: {manifest.Dropped.ExcludedByCuration} excluded by curation, {manifest.Dropped.NotIncluded} not labelled include, " +
            $"{manifest.Dropped.EmptySide} with an empty side, {manifest.Dropped.Duplicate} duplicates");
        Counts(Line, "Models", facts.Models);
        Counts(Line, "Prompt versions", facts.PromptVersions);
        Counts(Line, "Products", facts.Products);
        Counts(Line, "Reviewers", facts.Reviewers);
        Counts(Line, "Edit categories", facts.EditCategories);
        Line("## Lineage and re-creating it");
        Line();
        Line($"`{ExportNames.LineageFileName}` maps every row (by its number) to its split, stream, proposals and the sequence numbers " +
            "of the events it came from. The same request at the same `asOf` gives the same bytes, whatever was appended since:");
        Line();
        Line("```");
        Line($"GET /api/exports/{format}?{Query(manifest, request)}");
        Line("```");
        Line();
        Line("| file | rows | bytes | SHA-256 |");
        Line("| --- | ---: | ---: | --- |");
        foreach (var file in manifest.Files)
            Line($"| `{file.Name}` | {file.Rows.ToString(CultureInfo.InvariantCulture)} | {file.Bytes.ToString(CultureInfo.InvariantCulture)} | `{file.Sha256}` |");
        return card.ToString();
    }

    private static List<(string Split, long Rows)> SplitRows(ExportManifest manifest)
    {
        var all = new List<(string, long)> { ("train", manifest.Rows.Train), ("validation", manifest.Rows.Validation), ("test", manifest.Rows.Test) };
        return manifest.Split is { } only ? all.Where(pair => pair.Item1 == only).ToList() : all;
    }

    private static DatasetSplit Split(string name) => name switch
    {
        "train" => DatasetSplit.Train,
        "validation" => DatasetSplit.Validation,
        _ => DatasetSplit.Test,
    };

    private static string SizeCategory(long rows) => rows switch
    {
        < 1_000 => "n<1K",
        < 10_000 => "1K<n<10K",
        < 100_000 => "10K<n<100K",
        < 1_000_000 => "100K<n<1M",
        < 10_000_000 => "1M<n<10M",
        _ => "10M<n<100M",
    };

    private static string Summary(ExportFormat format) => format switch
    {
        ExportFormat.TrlSft => "Supervised fine-tuning rows in TRL's conversational format: the prompt messages followed by the human-approved answer.",
        ExportFormat.OpenaiSft => "Supervised fine-tuning rows in OpenAI's chat fine-tuning format: the prompt messages followed by the human-approved answer.",
        ExportFormat.TrlDpo => "Preference pairs in TRL's conversational preference format: the human final answer chosen over the AI's.",
        ExportFormat.OpenaiDpo => "Preference pairs in OpenAI's preference fine-tuning format: the human final answer preferred over the AI's.",
        ExportFormat.TrlKto => "Unpaired preference rows in TRL's KTO format: the AI answer labelled true when accepted unchanged, false when edited or rejected.",
        ExportFormat.Events => "Every event of the log, with its metadata, for building your own datasets.",
        _ => "The review table: one row per reviewed proposal.",
    };

    private static IEnumerable<string> Fields(ExportFormat format, ExportContainer container)
    {
        const string messages = "list of `{role, content}` messages";
        IEnumerable<string> fields = format switch
        {
            ExportFormat.TrlSft or ExportFormat.OpenaiSft => [$"`messages`: {messages}, the last one the assistant's human-approved answer"],
            ExportFormat.TrlDpo => [$"`prompt`: {messages}", "`chosen`: one assistant message, the human final", "`rejected`: one assistant message, the AI content"],
            ExportFormat.TrlKto => [$"`prompt`: {messages}", "`completion`: one assistant message, the AI content", "`label`: boolean"],
            ExportFormat.OpenaiDpo =>
                [$"`input`: `{{messages}}`, a {messages}", "`preferred_output`: one assistant message, the human final", "`non_preferred_output`: one assistant message, the AI content"],
            ExportFormat.Events =>
                ["`sequence`, `version`: integers", "`streamId`, `type`, `id`, `actor`, `correlationId`, `causationId`: text", "`timestamp`: UTC time",
                    "`headers`, `data`: the event's headers and data"],
            _ => ["the review table's columns, with each row's split"],
        };
        return container == ExportContainer.Parquet && format != ExportFormat.ReviewCsv
            ? fields.Append("`split`: `train`, `validation` or `test`")
            : fields;
    }

    private static void Counts(Action<string> line, string title, SortedDictionary<string, long> counts)
    {
        line("");
        line($"### {title}");
        line("");
        if (counts.Count == 0)
        {
            line("none");
            line("");
            return;
        }
        line("| name | proposals |");
        line("| --- | ---: |");
        foreach (var (name, count) in counts) line($"| {CardText.Markdown(name)} | {count.ToString(CultureInfo.InvariantCulture)} |");
        line("");
    }

    private static string Query(ExportManifest manifest, ExportRequest request)
    {
        var query = new List<(string, string)>
        {
            ("container", manifest.Container), ("asOf", manifest.AsOf.ToString(CultureInfo.InvariantCulture)),
            ("seed", manifest.Seed.ToString(CultureInfo.InvariantCulture)),
            ("ratios", $"{Number(manifest.Ratios.Train)},{Number(manifest.Ratios.Validation)},{Number(manifest.Ratios.Test)}"),
            ("dedup", manifest.Dedup ? "true" : "false"), ("includeOnly", manifest.IncludeOnly ? "true" : "false"),
        };
        if (request.Format == ExportFormat.ReviewCsv) query.RemoveAt(0);
        if (manifest.Split is { } split) query.Add(("split", split));
        query.AddRange(manifest.Filters.Select(pair => (pair.Key, pair.Value)));
        return string.Join("&", query.Select(pair => $"{Uri.EscapeDataString(pair.Item1)}={Uri.EscapeDataString(pair.Item2)}"));
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "(no rows)";
}
