using JasperFx.Events;

namespace EventWorkbench.Export;

/// <summary>Where an export's data rows go: JSON lines (plain or gzip) or Parquet columns.</summary>
public interface IExportDataRows : IAsyncDisposable
{
    ValueTask WriteAsync(TrainingExample row, DatasetSplit split, CancellationToken cancellationToken);

    ValueTask WriteAsync(IEvent e, DatasetSplit split, CancellationToken cancellationToken);
}

/// <summary>One JSON object per line, exactly the format's keys (the split is in the lineage, not the row).</summary>
public sealed class JsonlDataRows(LineWriter lines, ExportFormat format) : IExportDataRows
{
    public async ValueTask WriteAsync(TrainingExample row, DatasetSplit split, CancellationToken cancellationToken)
    {
        TrainingRowWriter.Write(lines.BeginLine(), format, row);
        await lines.EndLineAsync(cancellationToken);
    }

    public async ValueTask WriteAsync(IEvent e, DatasetSplit split, CancellationToken cancellationToken)
    {
        EventRowWriter.Write(lines.BeginLine(), e);
        await lines.EndLineAsync(cancellationToken);
    }

    /// <summary>The lines belong to the exporter, which flushes them.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
