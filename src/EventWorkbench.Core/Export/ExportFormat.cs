namespace EventWorkbench.Export;

/// <summary>What an export writes: a trainer's row shape, every event, or the review table.</summary>
public enum ExportFormat { TrlSft, TrlDpo, TrlKto, OpenaiSft, OpenaiDpo, Events, ReviewCsv }

/// <summary>How the rows are packed: JSON lines, gzip-compressed JSON lines, or Parquet (columns, with a split column).</summary>
public enum ExportContainer { Jsonl, JsonlGz, Parquet }

public enum DatasetSplit { Train, Validation, Test }

public static class ExportNames
{
    /// <summary>The version of the row shapes, manifest and lineage written here; raised when any of them changes.</summary>
    public const int FormatVersion = 1;

    public static readonly IReadOnlyDictionary<string, ExportFormat> Formats = new Dictionary<string, ExportFormat>(StringComparer.Ordinal)
    {
        ["trl-sft"] = ExportFormat.TrlSft,
        ["trl-dpo"] = ExportFormat.TrlDpo,
        ["trl-kto"] = ExportFormat.TrlKto,
        ["openai-sft"] = ExportFormat.OpenaiSft,
        ["openai-dpo"] = ExportFormat.OpenaiDpo,
        ["events"] = ExportFormat.Events,
        ["review-csv"] = ExportFormat.ReviewCsv,
    };

    public static readonly IReadOnlyDictionary<string, ExportContainer> Containers = new Dictionary<string, ExportContainer>(StringComparer.Ordinal)
    {
        ["jsonl"] = ExportContainer.Jsonl,
        ["jsonl.gz"] = ExportContainer.JsonlGz,
        ["parquet"] = ExportContainer.Parquet,
    };

    public static string Of(ExportFormat format) => Formats.First(pair => pair.Value == format).Key;

    public static string Of(ExportContainer container) => Containers.First(pair => pair.Value == container).Key;

    public static string Of(DatasetSplit split) => split switch
    {
        DatasetSplit.Train => "train",
        DatasetSplit.Validation => "validation",
        _ => "test",
    };

    public static bool IsTraining(ExportFormat format) => format is not (ExportFormat.Events or ExportFormat.ReviewCsv);

    /// <summary>The data file's name: <c>trl-sft.train.jsonl.gz</c>, <c>trl-dpo.all.jsonl</c>, <c>trl-kto.all.parquet</c>, <c>review-csv.all.csv</c>.</summary>
    public static string DataFileName(ExportFormat format, ExportContainer container, DatasetSplit? split)
    {
        var extension = format == ExportFormat.ReviewCsv ? "csv" : Of(container);
        return $"{Of(format)}.{(split is { } only ? Of(only) : "all")}.{extension}";
    }

    public const string LineageFileName = "lineage.jsonl";
}
