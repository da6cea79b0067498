namespace EventWorkbench.EmbeddedPostgres;

/// <summary>
/// Why the embedded PostgreSQL server cannot be started, in words a person can act on (no server binaries, a data
/// folder the server cannot write, a server program that failed). The app prints its message alone, without a stack trace.
/// </summary>
public sealed class PostgresSetupException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
