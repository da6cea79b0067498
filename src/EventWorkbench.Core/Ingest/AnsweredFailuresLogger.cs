using Marten;
using Marten.Services;
using Npgsql;

namespace EventWorkbench.Ingest;

/// <summary>
/// The append session's Marten logger. Marten logs a failed command with its SQL, its parameters and the stack
/// trace. A lost race (a stream version that moved, a stream another writer started) and an event id that is
/// already stored (a concurrent retry with the same idempotency key) are answers the appender gives: a 409, a
/// retry, or the first answer again. Their failures are left to the appender's one line; every other failure is
/// logged by Marten as before.
/// </summary>
internal sealed class AnsweredFailuresLogger(IMartenSessionLogger inner) : IMartenSessionLogger
{
    /// <summary>The error Marten's append function raises when the stream is not at the expected version.</summary>
    public const string StreamVersionMismatch = "MT003";

    public static bool IsAnswered(Exception ex) =>
        ex.GetBaseException() is PostgresException { SqlState: StreamVersionMismatch or PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Installs the logger on an append session just before its unit of work is sent. Earlier would not hold: Marten
    /// hands the session's connection the store's logger again whenever it opens a nested session over it, as the
    /// inline projections do while the events are processed.
    /// </summary>
    public sealed class Installer : DocumentSessionListenerBase
    {
        public static readonly Installer Instance = new();

        public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token)
        {
            if (session.Logger is not AnsweredFailuresLogger) session.Logger = new AnsweredFailuresLogger(session.Logger);
            return Task.CompletedTask;
        }
    }

    public void LogFailure(NpgsqlCommand command, Exception ex)
    {
        if (!IsAnswered(ex)) inner.LogFailure(command, ex);
    }

    public void LogFailure(NpgsqlBatch batch, Exception ex)
    {
        if (!IsAnswered(ex)) inner.LogFailure(batch, ex);
    }

    public void LogFailure(Exception ex, string message)
    {
        if (!IsAnswered(ex)) inner.LogFailure(ex, message);
    }

    public void LogSuccess(NpgsqlCommand command) => inner.LogSuccess(command);

    public void LogSuccess(NpgsqlBatch batch) => inner.LogSuccess(batch);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) => inner.RecordSavedChanges(session, commit);

    public void OnBeforeExecute(NpgsqlCommand command) => inner.OnBeforeExecute(command);

    public void OnBeforeExecute(NpgsqlBatch batch) => inner.OnBeforeExecute(batch);
}
