using System.Buffers;
using EventWorkbench.Streams;
using JasperFx.Events;
using Parquet;
using Parquet.Schema;

namespace EventWorkbench.Export;

/// <summary>
/// A Parquet export: the format's keys as columns (message lists as <c>list&lt;struct&lt;role, content&gt;&gt;</c>, the
/// <c>events</c> format's <c>headers</c> and <c>data</c> as JSON text) plus a <c>split</c> column. Rows are gathered into
/// row groups of at most <see cref="RowGroupRows"/> rows or about <see cref="RowGroupChars"/> characters and each is
/// written when full, so memory holds one row group whatever the export's size. Parquet.Net writes no timestamps or
/// random ids (its footer names the library version), so the same rows give the same bytes.
/// </summary>
public sealed class ParquetDataRows : IExportDataRows
{
    public const int RowGroupRows = 10_000;
    public const long RowGroupChars = 16 * 1024 * 1024;

    /// <summary>The column holding each row's split: <c>train</c>, <c>validation</c> or <c>test</c>.</summary>
    public const string SplitColumn = "split";

    private readonly ExportFormat _format;
    private readonly Stream _output;
    private readonly SpoolStream _spool;
    private readonly ParquetWriter _writer;
    private readonly ParquetColumn[] _columns;
    private readonly StringColumn _split;
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private readonly int _rowGroupRows;
    private int _rows;

    private ParquetDataRows(
        ExportFormat format, Stream output, SpoolStream spool, ParquetWriter writer, ParquetColumn[] columns, StringColumn split, int rowGroupRows)
    {
        _format = format;
        _output = output;
        _spool = spool;
        _writer = writer;
        _columns = columns;
        _split = split;
        _rowGroupRows = rowGroupRows;
    }

    /// <summary>
    /// Starts the file for <paramref name="output"/>. Parquet.Net writes synchronously, so it writes to a spool that is
    /// sent on asynchronously after each row group and at the end.
    /// </summary>
    public static Task<ParquetDataRows> CreateAsync(ExportFormat format, Stream output, CancellationToken cancellationToken) =>
        CreateAsync(format, output, RowGroupRows, cancellationToken);

    internal static async Task<ParquetDataRows> CreateAsync(ExportFormat format, Stream output, int rowGroupRows, CancellationToken cancellationToken)
    {
        var split = new StringColumn(SplitColumn);
        ParquetColumn[] columns = [.. ColumnsOf(format), split];
        var schema = new ParquetSchema(columns.Select(column => column.Field).ToArray());
        var spool = new SpoolStream();
        var writer = await ParquetWriter.CreateAsync(schema, spool, new ParquetOptions(), false, cancellationToken);
        return new ParquetDataRows(format, output, spool, writer, columns, split, rowGroupRows);
    }

    public async ValueTask WriteAsync(TrainingExample row, DatasetSplit split, CancellationToken cancellationToken)
    {
        var prompt = row.Prompt.Select(message => (message.Role, message.Content));
        switch (_format)
        {
            case ExportFormat.TrlSft or ExportFormat.OpenaiSft:
                List(0).Add(prompt.Append(("assistant", row.Chosen!)));
                break;
            case ExportFormat.TrlDpo or ExportFormat.OpenaiDpo:
                List(0).Add(prompt);
                List(1).Add([("assistant", row.Chosen!)]);
                List(2).Add([("assistant", row.Rejected!)]);
                break;
            case ExportFormat.TrlKto:
                List(0).Add(prompt);
                List(1).Add([("assistant", row.Completion!)]);
                ((ValueColumn<bool>)_columns[2]).Add(row.Label!.Value);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(row), _format, "not a training format");
        }
        await EndRowAsync(split, cancellationToken);
    }

    public async ValueTask WriteAsync(IEvent e, DatasetSplit split, CancellationToken cancellationToken)
    {
        ((ValueColumn<long>)_columns[0]).Add(e.Sequence);
        Text(1).Add(e.StreamKey);
        ((ValueColumn<long>)_columns[2]).Add(e.Version);
        Text(3).Add(e.EventTypeName);
        Text(4).Add(e.Id.ToString());
        ((ValueColumn<DateTime>)_columns[5]).Add(e.Timestamp.UtcDateTime);
        Text(6).Add(e.UserName);
        Text(7).Add(e.CorrelationId);
        Text(8).Add(e.CausationId);
        Text(9).AddJson(_json, json => EventRowWriter.WriteHeaders(json, e));
        Text(10).AddJson(_json, json => EventRowWriter.WriteData(json, e));
        await EndRowAsync(split, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_rows > 0) await FlushRowGroupAsync(CancellationToken.None);
        await _writer.DisposeAsync();
        await _spool.DrainToAsync(_output, CancellationToken.None);
        await _spool.DisposeAsync();
    }

    private MessageListColumn List(int index) => (MessageListColumn)_columns[index];

    private StringColumn Text(int index) => (StringColumn)_columns[index];

    private async ValueTask EndRowAsync(DatasetSplit split, CancellationToken cancellationToken)
    {
        _split.Add(ExportNames.Of(split));
        _rows++;
        if (_rows >= _rowGroupRows || _columns.Sum(column => column.Chars) >= RowGroupChars) await FlushRowGroupAsync(cancellationToken);
    }

    private async Task FlushRowGroupAsync(CancellationToken cancellationToken)
    {
        using (var rowGroup = _writer.CreateRowGroup())
        {
            foreach (var column in _columns) await column.WriteAsync(rowGroup, cancellationToken);
            rowGroup.CompleteValidate();
        }
        foreach (var column in _columns) column.Clear();
        _rows = 0;
        await _spool.DrainToAsync(_output, cancellationToken);
    }

    /// <summary>The columns of each format, in the order of its JSON keys (the split column follows them).</summary>
    private static ParquetColumn[] ColumnsOf(ExportFormat format) => format switch
    {
        ExportFormat.TrlSft or ExportFormat.OpenaiSft => [new MessageListColumn("messages")],
        ExportFormat.TrlDpo =>
            [new MessageListColumn("prompt"), new MessageListColumn("chosen"), new MessageListColumn("rejected")],
        ExportFormat.TrlKto =>
            [new MessageListColumn("prompt"), new MessageListColumn("completion"), new ValueColumn<bool>(new DataField<bool>("label", false))],
        ExportFormat.OpenaiDpo =>
            [new MessageListColumn("messages", inStruct: "input"), new MessageListColumn("preferred_output"),
                new MessageListColumn("non_preferred_output")],
        ExportFormat.Events =>
        [
            new ValueColumn<long>(new DataField<long>("sequence", false)), new StringColumn("streamId"),
            new ValueColumn<long>(new DataField<long>("version", false)), new StringColumn("type"), new StringColumn("id"),
            new ValueColumn<DateTime>(new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: false)),
            new StringColumn("actor", nullable: true), new StringColumn("correlationId", nullable: true),
            new StringColumn("causationId", nullable: true), new StringColumn("headers"), new StringColumn("data"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "review-csv is written as CSV"),
    };
}
