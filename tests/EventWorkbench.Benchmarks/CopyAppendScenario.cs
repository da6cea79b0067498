using System.Text.Json;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;
using NpgsqlTypes;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// c) The physical limit: the same rows (seq_id, id, stream_id, version, data, type, timestamp, metadata) written with
/// one binary COPY into a plain table created <c>LIKE mt_events INCLUDING ALL</c> (same columns, keys and indexes;
/// no triggers, no projection, no streams table). The JSON is encoded before the clock starts.
/// </summary>
public static class CopyAppendScenario
{
    private const string Table = "bench_events";

    public static async Task<ScenarioResult> RunAsync(TestDatabase database, AppendWorkload workload)
    {
        var schema = EventStoreConfiguration.Schema;
        await using var dataSource = NpgsqlDataSource.Create(database.AdminConnectionString);
        await using (var create = dataSource.CreateCommand($"CREATE TABLE {schema}.{Table} (LIKE {schema}.mt_events INCLUDING ALL)"))
            await create.ExecuteNonQueryAsync();

        var rows = workload.Batches.SelectMany(batch => batch.Events.Select((e, i) => new Row(
            Guid.CreateVersion7(), batch.StreamId, i + 1, EventCatalogue.WireName(e.GetType()),
            JsonSerializer.SerializeToUtf8Bytes(e, e.GetType(), EventCatalogue.Output)))).ToList();
        var headers = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["source"] = "bench" });

        return await ScenarioResult.MeasureAsync("binary COPY", workload.Events, async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var writer = await connection.BeginBinaryImportAsync(
                $"COPY {schema}.{Table} (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, correlation_id, headers, user_name, is_archived) FROM STDIN BINARY");
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                await writer.StartRowAsync();
                await writer.WriteAsync((long)i + 1, NpgsqlDbType.Bigint);
                await writer.WriteAsync(row.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(row.StreamId, NpgsqlDbType.Varchar);
                await writer.WriteAsync((long)row.Version, NpgsqlDbType.Bigint);
                await writer.WriteAsync(row.Data, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(row.Type, NpgsqlDbType.Varchar);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("*DEFAULT*", NpgsqlDbType.Varchar);
                await writer.WriteAsync(row.StreamId, NpgsqlDbType.Varchar);
                await writer.WriteAsync(headers, NpgsqlDbType.Jsonb);
                await writer.WriteAsync(AppendWorkload.Actor, NpgsqlDbType.Varchar);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            }
            await writer.CompleteAsync();
        });
    }

    private sealed record Row(Guid Id, string StreamId, int Version, string Type, byte[] Data);
}
