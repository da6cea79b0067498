using Marten;
using Npgsql;

namespace EventWorkbench.Storage;

/// <summary>
/// Keeps appends and the last step of an inline projection's rebuild apart. An append's inline projections read the
/// documents they change before the append writes anything, so an append that read them just before a rebuild
/// refolded its stream would write its stale copy over the refold. Each append therefore passes the gate (a shared
/// PostgreSQL advisory lock held until its transaction ends) before its projections read; the rebuild's last step
/// closes it (the same lock, exclusive) while it refolds the streams appended to during the rebuild, so it waits for
/// the appends in flight and the next ones wait for it. Appends never wait for each other here.
/// </summary>
public static class InlineProjectionGate
{
    // The two-key form of advisory locks: a key space apart from the one-key locks Marten and the rebuild claims use.
    private const string Key = "2019050101, 1";
    private const string Pass = $"SELECT pg_advisory_xact_lock_shared({Key})";

    /// <summary>The statement that passes the gate, for a batch that opens an append's transaction.</summary>
    public static NpgsqlBatchCommand PassCommand() => new(Pass);

    /// <summary>Opens the session's transaction and passes the gate; call it before <c>SaveChangesAsync</c>.</summary>
    public static async Task PassAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Pass, session.Connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Opens the session's transaction and closes the gate until it ends: appends wait.</summary>
    public static async Task CloseAsync(IDocumentSession session, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        await CloseAsync(session.Connection!, cancellationToken);
    }

    /// <summary>Closes the gate until the connection's open transaction ends: appends wait.</summary>
    public static async Task CloseAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({Key})", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
