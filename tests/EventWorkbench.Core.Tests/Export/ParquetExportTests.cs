using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Tests.Ingest;
using Parquet;
using Parquet.Serialization;
using static EventWorkbench.Tests.Ingest.Requests;
using static EventWorkbench.Tests.Review.ReviewEvents;

namespace EventWorkbench.Tests.Export;

/// <summary>The Parquet container read back with Parquet.Net: the same rows as the JSON lines, a split column, row groups, the same bytes each time.</summary>
public sealed class ParquetExportTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>
{
    private readonly string _product = $"parquet-{Guid.NewGuid():N}";

    private ExportRequest Request(ExportFormat format) =>
        new() { Format = format, Filter = new ExportFilter { Proposals = new ProposalFilter { Product = _product } }, Ratios = new(0.5, 0.25, 0.25) };

    private async Task<string> StreamAsync(params EventWorkbench.Ingest.EventEnvelope[] events)
    {
        var stream = $"{_product}-{Guid.NewGuid():N}";
        (await fixture.Appender.AppendAsync(stream, Batch([Started(_product), .. events]), Api)).ShouldBeOfType<EventWorkbench.Ingest.AppendOutcome.Appended>();
        return stream;
    }

    private async Task SeveralStreamsAsync()
    {
        for (var i = 0; i < 6; i++)
        {
            await StreamAsync(
                Generated($"same{i}", $"Ships on day {i}."), Accepted($"same{i}"),
                Generated($"edited{i}", $"It ship tomorow {i}."), Edited($"edited{i}", $"It ships tomorrow, \"{i}\" ünïcode."), Accepted($"edited{i}"),
                Generated($"wrong{i}", $"No idea {i}."), Rejected($"wrong{i}", "unhelpful"),
                Generated($"retry{i}", $"Tracking says Friday {i}."), Accepted($"retry{i}"));
        }
    }

    [Theory]
    [InlineData(ExportFormat.TrlSft)]
    [InlineData(ExportFormat.TrlDpo)]
    [InlineData(ExportFormat.TrlKto)]
    [InlineData(ExportFormat.OpenaiSft)]
    [InlineData(ExportFormat.OpenaiDpo)]
    public async Task Parquet_rows_read_back_equal_the_jsonl_rows_with_the_lineage_split(ExportFormat format)
    {
        await SeveralStreamsAsync();
        var jsonl = await ExportRun.OfAsync(fixture.Store, Request(format));
        var asOf = jsonl.Manifest.AsOf;

        var parquet = await ExportRun.OfAsync(fixture.Store, Request(format) with { AsOf = asOf, Container = ExportContainer.Parquet });

        var rows = await ReadAsync(parquet.Data);
        rows.Count.ShouldBe(jsonl.Rows.Count);
        rows.Count.ShouldBeGreaterThan(0);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            row["split"]!.GetValue<string>().ShouldBe(jsonl.LineageRows[i].GetProperty("split").GetString());
            row.Remove("split");
            JsonNode.DeepEquals(row, JsonNode.Parse(jsonl.Rows[i].GetRawText())).ShouldBeTrue($"row {i}: {row.ToJsonString()} vs {jsonl.Rows[i].GetRawText()}");
        }
        parquet.Lineage.ShouldBe(jsonl.Lineage);
        parquet.Manifest.Container.ShouldBe("parquet");
        parquet.Manifest.Rows.ShouldBe(jsonl.Manifest.Rows);
        parquet.Manifest.Files[0].Name.ShouldBe($"{ExportNames.Of(format)}.all.parquet");
        parquet.Manifest.Files[0].Rows.ShouldBe(rows.Count);
        parquet.Manifest.Files[0].Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(parquet.Data)));
    }

    [Fact]
    public async Task Message_lists_are_lists_of_role_and_content_structs_that_trainers_read_as_conversations()
    {
        await SeveralStreamsAsync();

        var parquet = await ExportRun.OfAsync(fixture.Store, Request(ExportFormat.TrlSft) with { Container = ExportContainer.Parquet });

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(parquet.Data));
        var leaves = reader.Schema.GetDataFields().Select(field => field.Path.ToString()).ToList();
        leaves.ShouldBe(["messages/list/element/role", "messages/list/element/content", "split"]);
        reader.Schema.Fields[0].SchemaType.ShouldBe(Parquet.Schema.SchemaType.List);
    }

    [Fact]
    public async Task Events_parquet_holds_every_events_row_with_typed_columns_and_json_headers_and_data()
    {
        var stream = await StreamAsync(Generated("one", "Ships."), Accepted("one"));
        var request = new ExportRequest { Format = ExportFormat.Events };
        var jsonl = await ExportRun.OfAsync(fixture.Store, request);

        var parquet = await ExportRun.OfAsync(fixture.Store, request with { AsOf = jsonl.Manifest.AsOf, Container = ExportContainer.Parquet });

        var rows = await ReadAsync(parquet.Data);
        rows.Count.ShouldBe(jsonl.Rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var expected = jsonl.Rows[i];
            var row = rows[i];
            row["sequence"]!.GetValue<long>().ShouldBe(expected.GetProperty("sequence").GetInt64());
            row["version"]!.GetValue<long>().ShouldBe(expected.GetProperty("version").GetInt64());
            foreach (var name in new[] { "streamId", "type", "id", "actor", "correlationId", "causationId" })
                row[name]?.GetValue<string>().ShouldBe(expected.GetProperty(name).ValueKind == JsonValueKind.Null ? null : expected.GetProperty(name).GetString(), name);
            new DateTimeOffset(row["timestamp"]!.GetValue<DateTime>(), TimeSpan.Zero).ShouldBe(expected.GetProperty("timestamp").GetDateTimeOffset());
            JsonNode.DeepEquals(JsonNode.Parse(row["headers"]!.GetValue<string>()), JsonNode.Parse(expected.GetProperty("headers").GetRawText())).ShouldBeTrue();
            JsonNode.DeepEquals(JsonNode.Parse(row["data"]!.GetValue<string>()), JsonNode.Parse(expected.GetProperty("data").GetRawText())).ShouldBeTrue();
            row["split"]!.GetValue<string>().ShouldBe(jsonl.LineageRows[i].GetProperty("split").GetString());
        }
        rows.ShouldContain(row => row["streamId"]!.GetValue<string>() == stream);
    }

    [Fact]
    public async Task The_same_parquet_request_at_the_same_asOf_is_byte_identical_after_later_appends()
    {
        await SeveralStreamsAsync();
        var asOf = await new DatasetExporter(fixture.Store).ResolveAsOfAsync(null);
        var request = Request(ExportFormat.TrlKto) with { AsOf = asOf, Container = ExportContainer.Parquet };
        var before = await ExportRun.OfAsync(fixture.Store, request);

        await StreamAsync(Generated("late", "Late one."), Accepted("late"));
        await Task.Delay(1100);
        var again = await ExportRun.OfAsync(fixture.Store, request);

        again.Data.ShouldBe(before.Data);
        again.Manifest.Files[0].Sha256.ShouldBe(before.Manifest.Files[0].Sha256);
    }

    [Fact]
    public async Task A_large_export_is_written_in_row_groups_that_read_back_whole()
    {
        using var output = new MemoryStream();
        await using (var rows = await ParquetDataRows.CreateAsync(ExportFormat.TrlKto, output, 10, CancellationToken.None))
        {
            for (var i = 0; i < 25; i++)
            {
                var row = new TrainingExample([new ChatMessage("user", $"Question {i}")], null, null, $"Answer {i}", i % 2 == 0, []);
                await rows.WriteAsync(row, (DatasetSplit)(i % 3), CancellationToken.None);
            }
        }

        await using var reader = await ParquetReader.CreateAsync(new MemoryStream(output.ToArray()));
        reader.RowGroupCount.ShouldBe(3);
        var read = await ReadAsync(output.ToArray());
        read.Select(row => row["completion"]![0]!["content"]!.GetValue<string>()).ShouldBe(Enumerable.Range(0, 25).Select(i => $"Answer {i}"));
        read.Select(row => row["label"]!.GetValue<bool>()).ShouldBe(Enumerable.Range(0, 25).Select(i => i % 2 == 0));
        read.Select(row => row["split"]!.GetValue<string>()).ShouldBe(Enumerable.Range(0, 25).Select(i => ExportNames.Of((DatasetSplit)(i % 3))));
    }

    /// <summary>Every row of the file as a JSON object, nested lists and structs as JSON arrays and objects.</summary>
    private static async Task<List<JsonObject>> ReadAsync(byte[] parquet)
    {
        var result = await ParquetSerializer.DeserializeUntypedAsync(new MemoryStream(parquet));
        return result.Data.Select(row => (JsonObject)ToNode(row)!).ToList();
    }

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        IDictionary<string, object> map => new JsonObject(map.Select(pair => KeyValuePair.Create(pair.Key, ToNode(pair.Value)))),
        string text => JsonValue.Create(text),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(ToNode).ToArray()),
        bool flag => JsonValue.Create(flag),
        long number => JsonValue.Create(number),
        DateTime at => JsonValue.Create(at),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
