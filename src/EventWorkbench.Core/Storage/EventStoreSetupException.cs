namespace EventWorkbench.Storage;

/// <summary>
/// Why the event store cannot be reached, in words a person can act on (a malformed connection string). The app prints
/// its message alone, without a stack trace; the embedded server's own start-up problems are <c>PostgresSetupException</c>.
/// </summary>
public sealed class EventStoreSetupException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
