using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Benchmarks;

public static class Quiesce
{
    /// <summary>Vacuums and analyses a finished scenario's database and checkpoints the cluster.</summary>
    public static async Task AfterAsync(TestDatabase database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            await command.ExecuteNonQueryAsync();
        }
    }
}
