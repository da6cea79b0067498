using Npgsql;

namespace EventWorkbench.Benchmarks;

/// <summary>
/// Samples what PostgreSQL is busy with while a scenario runs: every 10 ms the active statements of other backends
/// (<c>pg_stat_activity</c>, the first 160 characters, whitespace folded), counted by text. The counts say where the
/// server's time goes without a profiler; a statement seen in most samples is the one to look at.
/// </summary>
public sealed class PostgresActivitySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Task _sampling;

    private PostgresActivitySampler(string connectionString) => _sampling = Task.Run(() => SampleAsync(connectionString));

    public static PostgresActivitySampler Start(string connectionString) => new(connectionString);

    /// <summary>Stops sampling; the statements seen most, with how many samples saw each.</summary>
    public async Task<IReadOnlyList<(string Statement, int Samples)>> StopAsync(int top = 10)
    {
        await _stop.CancelAsync();
        await _sampling;
        return _counts.OrderByDescending(c => c.Value).Take(top).Select(c => (c.Key, c.Value)).ToList();
    }

    private async Task SampleAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            @"select left(regexp_replace(query, '\s+', ' ', 'g'), 160) from pg_stat_activity where state = 'active' and pid <> pg_backend_pid()",
            connection);
        while (!_stop.IsCancellationRequested)
        {
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var statement = reader.GetString(0);
                    _counts[statement] = _counts.GetValueOrDefault(statement) + 1;
                }
            }
            try
            {
                await Task.Delay(10, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _stop.Dispose();
    }
}
