using Npgsql;

namespace EventWorkbench.Storage;

/// <summary>
/// Where the app connects as a role that does not own the schema, privileges say no before the triggers do:
/// the app role may read and append events (and the sealed events' digests, and the data subjects' keys), never UPDATE, DELETE or TRUNCATE them. Everything else
/// (streams table, projections, daemon progress) it may change, since those are rebuildable state.
/// </summary>
public static class AppendOnlyPrivileges
{
    public static async Task GrantAsync(NpgsqlDataSource admin, string schema, string appRole, CancellationToken cancellationToken = default)
    {
        var role = Quote(appRole);
        var sql = $"""
            GRANT USAGE ON SCHEMA {schema} TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA {schema} TO {role};
            REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.mt_events FROM {role};
            REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.{Audit.SealedEventsTable.TableName} FROM {role};
            REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.{Erasure.SubjectKeysTable.Name} FROM {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO {role};
            ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {role};
            """;
        await using var command = admin.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
