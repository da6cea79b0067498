using System.Collections.Concurrent;
using EventWorkbench.Ingest;
using EventWorkbench.Storage;
using JasperFx;
using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Ingest;

/// <summary>A lost race is an answer (409, or a retry), not an error: one log line each, no SQL, no stack trace.</summary>
public sealed class LostRaceLoggingTests(AppenderFixture fixture) : IClassFixture<AppenderFixture>, IDisposable
{
    private const int Writers = 20;
    private readonly RecordingMartenLogger _marten = new();
    private readonly RecordingLogger _log = new();
    private DocumentStore? _store;

    private EventAppender Appender()
    {
        _store = DocumentStore.For(options =>
        {
            options.Connection(fixture.Database.AppConnectionString);
            EventStoreConfiguration.Configure(options);
            options.AutoCreateSchemaObjects = AutoCreate.None;
            options.Logger(_marten);
        });
        return new EventAppender(_store, new AppendOptions(), _log);
    }

    [Fact]
    public async Task Each_writer_that_loses_a_race_for_a_version_logs_one_line_and_Marten_logs_nothing()
    {
        var appender = Appender();
        var stream = $"log-{Guid.NewGuid():N}";
        await appender.AppendAsync(stream, Batch(0, Started()), Api);

        var outcomes = await RaceAsync(writer => appender.AppendAsync(stream, Batch(1, Proposal($"w{writer}")), Api));

        outcomes.Count(o => o is AppendOutcome.VersionConflict).ShouldBe(Writers - 1);
        _marten.Failures.ShouldBeEmpty();
        _log.Lines.Count.ShouldBe(Writers - 1);
        _log.Lines.ShouldAllBe(line => line.Exception == null && line.Level == LogLevel.Information);
        _log.Lines.ShouldAllBe(line => line.Message.Contains(stream) && line.Message.Contains("expected version 1, the stream is at 2"));
        _log.Lines.ShouldAllBe(line => !line.Message.Contains('\n') && !line.Message.Contains("mt_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Writers_racing_to_start_a_stream_without_an_expected_version_log_one_line_per_lost_race()
    {
        var appender = Appender();
        var stream = $"log-{Guid.NewGuid():N}";

        var outcomes = await RaceAsync(writer => appender.AppendAsync(stream, Batch(Proposal($"w{writer}")), Api));

        outcomes.ShouldAllBe(o => o is AppendOutcome.Appended);
        _marten.Failures.ShouldBeEmpty();
        _log.Lines.ShouldAllBe(line => line.Exception == null && line.Message.Contains("another writer started the stream first"));
        _log.Lines.Count.ShouldBeLessThan(Writers);
    }

    [Fact]
    public async Task A_failure_that_is_not_a_race_is_still_logged_by_Marten()
    {
        var appender = Appender();
        var stream = $"log-{Guid.NewGuid():N}";
        await appender.AppendAsync(stream, Batch(0, Started()), Api);
        await using (var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var block = new NpgsqlCommand(
                $"ALTER TABLE {EventStoreConfiguration.Schema}.mt_events ADD CONSTRAINT log_test_no_proposal CHECK (type <> 'proposal_generated') NOT VALID", connection);
            await block.ExecuteNonQueryAsync();
        }

        try
        {
            await Should.ThrowAsync<Exception>(() => appender.AppendAsync(stream, Batch(1, Proposal("p1")), Api));
        }
        finally
        {
            await using var connection = new NpgsqlConnection(fixture.Database.AdminConnectionString);
            await connection.OpenAsync();
            await using var unblock = new NpgsqlCommand($"ALTER TABLE {EventStoreConfiguration.Schema}.mt_events DROP CONSTRAINT log_test_no_proposal", connection);
            await unblock.ExecuteNonQueryAsync();
        }

        _marten.Failures.ShouldNotBeEmpty();
        _log.Lines.ShouldBeEmpty();
    }

    public void Dispose() => _store?.Dispose();

    private static async Task<AppendOutcome[]> RaceAsync(Func<int, Task<AppendOutcome>> append)
    {
        using var start = new Barrier(Writers);
        return await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            start.SignalAndWait();
            return await append(writer);
        })));
    }

    public sealed record LogLine(LogLevel Level, string Message, Exception? Exception);

    private sealed class RecordingLogger : ILogger<EventAppender>
    {
        public ConcurrentQueue<LogLine> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(new LogLine(logLevel, formatter(state, exception), exception));
    }

    private sealed class RecordingMartenLogger : IMartenLogger, IMartenSessionLogger
    {
        public ConcurrentQueue<Exception> Failures { get; } = new();

        public IMartenSessionLogger StartSession(IQuerySession session) => this;

        public void SchemaChange(string sql) { }

        public void LogSuccess(NpgsqlCommand command) { }

        public void LogSuccess(NpgsqlBatch batch) { }

        public void LogFailure(NpgsqlCommand command, Exception ex) => Failures.Enqueue(ex);

        public void LogFailure(NpgsqlBatch batch, Exception ex) => Failures.Enqueue(ex);

        public void LogFailure(Exception ex, string message) => Failures.Enqueue(ex);

        public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }

        public void OnBeforeExecute(NpgsqlCommand command) { }

        public void OnBeforeExecute(NpgsqlBatch batch) { }
    }
}
