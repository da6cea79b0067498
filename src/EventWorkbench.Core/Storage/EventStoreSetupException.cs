namespace EventWorkbench.Storage;

/// <summary>
/// Why the event store cannot be started or reached, in words a person can act on (no PostgreSQL binaries, a data
/// folder the server cannot write, a server program that failed, a malformed connection string). The app prints its
/// message alone, without a stack trace.
/// </summary>
public sealed class EventStoreSetupException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
