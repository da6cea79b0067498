using EventWorkbench.Storage;
using Npgsql;

namespace EventWorkbench.Web.Hosting;

/// <summary>Where a connection string points, for the start-up log: server, database and user, never the password.</summary>
internal sealed record ServerDescription(string Server, string Database, string User)
{
    public static ServerDescription Of(string connectionString, string setting)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new EventStoreSetupException($"{setting} is not a PostgreSQL connection string: {ex.Message}", ex);
        }
        var server = builder.Host is { Length: > 0 } host ? $"{host}:{builder.Port}" : $"localhost:{builder.Port}";
        return new ServerDescription(server, builder.Database ?? "(the user's default)", builder.Username ?? "(the OS user)");
    }
}
