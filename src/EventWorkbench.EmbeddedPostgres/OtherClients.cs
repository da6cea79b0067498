using Npgsql;

namespace EventWorkbench.EmbeddedPostgres;

/// <summary>Who else is connected to a cluster: whether stopping it would take a database away from someone.</summary>
internal static class OtherClients
{
    /// <summary>
    /// Client connections not named <paramref name="applicationName"/>; null when the server cannot be reached. A
    /// connection closed a moment ago (a pool just cleared, another instance's own count) is listed until its server
    /// process has exited, so the count is taken again for up to a second before it is believed.
    /// </summary>
    public static async Task<long?> CountAsync(string superuserConnectionString, string applicationName)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Pooling = false };
        try
        {
            await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
            await connection.OpenAsync();
            await using var count = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() " +
                "AND application_name IS DISTINCT FROM @mine", connection);
            count.Parameters.AddWithValue("mine", applicationName);
            for (var look = 1; ; look++)
            {
                var others = (long)(await count.ExecuteScalarAsync())!;
                if (others == 0 || look == 20) return others;
                await Task.Delay(50);
            }
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }
}
