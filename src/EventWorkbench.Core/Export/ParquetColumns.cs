using System.Buffers;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace EventWorkbench.Export;

/// <summary>One top-level column of a Parquet export: its schema field, the values of the row group being gathered, and how they are written.</summary>
internal abstract class ParquetColumn
{
    public abstract Field Field { get; }

    /// <summary>Roughly how many characters the gathered values hold, so a row group is cut before it grows large.</summary>
    public long Chars { get; protected set; }

    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken);

    public virtual void Clear() => Chars = 0;
}

/// <summary>
/// A list of chat messages, <c>list&lt;struct&lt;role: string, content: string&gt;&gt;</c>, the layout Hugging Face datasets and TRL read
/// as a conversation; optionally inside a struct (<c>input.messages</c> of <c>openai-dpo</c>). Written as its two leaf columns
/// with their repetition levels (0 starts a row's list, 1 continues it) and definition levels (an empty list is defined
/// only down to the list itself).
/// </summary>
internal sealed class MessageListColumn : ParquetColumn
{
    private readonly DataField _role = new DataField<string>("role", false);
    private readonly DataField _content = new DataField<string>("content", false);
    private readonly ListField _list;
    private readonly List<ReadOnlyMemory<char>> _roles = [];
    private readonly List<ReadOnlyMemory<char>> _contents = [];
    private readonly List<int> _repetition = [];
    private readonly List<int> _definition = [];

    public MessageListColumn(string name, string? inStruct = null)
    {
        _list = new ListField(name, new StructField("element", _role, _content));
        Field = inStruct is null ? _list : new StructField(inStruct, _list);
    }

    public override Field Field { get; }

    public void Add(IEnumerable<(string Role, string Content)> messages)
    {
        var first = true;
        foreach (var (role, content) in messages)
        {
            _roles.Add(role.AsMemory());
            _contents.Add(content.AsMemory());
            _repetition.Add(first ? 0 : 1);
            _definition.Add(_role.MaxDefinitionLevel);
            Chars += role.Length + content.Length;
            first = false;
        }
        if (!first) return;
        _repetition.Add(0);
        _definition.Add(_list.MaxDefinitionLevel);
    }

    public override async Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken)
    {
        var repetition = _repetition.ToArray();
        var definition = _definition.ToArray();
        await rowGroup.WriteAllPartsAsync<ReadOnlyMemory<char>>(_role, _roles.ToArray(), definition, repetition, cancellationToken);
        await rowGroup.WriteAllPartsAsync<ReadOnlyMemory<char>>(_content, _contents.ToArray(), definition, repetition, cancellationToken);
    }

    public override void Clear()
    {
        base.Clear();
        _roles.Clear();
        _contents.Clear();
        _repetition.Clear();
        _definition.Clear();
    }
}

/// <summary>A string per row; null only where the column is nullable.</summary>
internal sealed class StringColumn(string name, bool nullable = false) : ParquetColumn
{
    private readonly DataField _field = new DataField<string>(name, nullable);
    private readonly List<string?> _values = [];

    public override Field Field => _field;

    public void Add(string? value)
    {
        _values.Add(value);
        Chars += value?.Length ?? 0;
    }

    /// <summary>One JSON value written by <paramref name="write"/>, as text (the shapes of event data and headers vary by type).</summary>
    public void AddJson(ArrayBufferWriter<byte> buffer, Action<Utf8JsonWriter> write)
    {
        buffer.ResetWrittenCount();
        using (var json = new Utf8JsonWriter(buffer, LineWriter.Options)) write(json);
        Add(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync(_field, _values!, null);

    public override void Clear()
    {
        base.Clear();
        _values.Clear();
    }
}

/// <summary>A non-null value type per row: numbers, flags, instants.</summary>
internal sealed class ValueColumn<T>(DataField dataField) : ParquetColumn where T : struct
{
    private readonly List<T> _values = [];

    public override Field Field => dataField;

    public void Add(T value) => _values.Add(value);

    public override Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken) =>
        rowGroup.WriteAsync<T>(dataField, _values.ToArray(), null, null, cancellationToken);

    public override void Clear()
    {
        base.Clear();
        _values.Clear();
    }
}
