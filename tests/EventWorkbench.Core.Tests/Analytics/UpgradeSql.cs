using Npgsql;

namespace EventWorkbench.Tests.Analytics;

/// <summary>The upgrade tests' SQL, run as the schema owner: a statement, or one value (counts as <c>int</c>).</summary>
internal static class UpgradeSql
{
    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        var value = await command.ExecuteScalarAsync();
        return value is long count ? (int)count : value;
    }
}
