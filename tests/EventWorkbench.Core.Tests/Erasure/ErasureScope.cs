using System.Diagnostics;
using System.Text;
using System.Text.Json;
using EventWorkbench.EmbeddedPostgres;
using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Testing;
using Marten;
using Npgsql;
using static EventWorkbench.Tests.Ingest.Requests;

namespace EventWorkbench.Tests.Erasure;

/// <summary>
/// A database of its own, the app's append path and the erasure on it, and the two places an erased subject's data
/// must not be found afterwards: the output of <c>pg_dump</c> and the database's data files, searched byte for byte.
/// </summary>
public sealed class ErasureScope : IAsyncDisposable
{
    private ErasureScope(TestDatabase database)
    {
        Database = database;
        Store = TestStores.For(database);
        Owner = SubjectErasure.OwnerDataSource(database.AdminConnectionString);
        Appender = new EventAppender(Store, new AppendOptions());
        Erasure = new SubjectErasure(Store, Owner);
    }

    public TestDatabase Database { get; }
    public DocumentStore Store { get; }
    public NpgsqlDataSource Owner { get; }
    public EventAppender Appender { get; }
    public SubjectErasure Erasure { get; }

    public static async Task<ErasureScope> CreateAsync(string purpose) => new(await TestCluster.CreateDatabaseAsync(purpose));

    /// <summary>
    /// An interaction of the subject whose every personal field holds <paramref name="marker"/>: input, context,
    /// prompt, proposal, reasoning, an edit and its comment, feedback; returns the stream id. Appended by
    /// <paramref name="appender"/> when given (another node's), else by <see cref="Appender"/>; naming the version it
    /// expects (0: a new stream) when <paramref name="namesVersion"/>.
    /// </summary>
    public async Task<string> AppendInteractionAsync(string? subject, string marker, EventAppender? appender = null, bool namesVersion = false)
    {
        var stream = $"erasure-{Guid.NewGuid():N}";
        var outcome = await (appender ?? Appender).AppendAsync(stream, Batch(
            Event("interaction_started", new { channel = "chat", input = $"My name is {marker}", subjectId = subject, context = new { address = marker } }),
            Event("proposal_generated", new
            {
                proposalId = "p1", model = "m", content = $"Dear {marker}, it ships tomorrow.", contentType = "text", reasoning = $"{marker} asked",
                messages = new[] { new { role = "user", content = $"{marker} asks" } },
            }),
            Event("proposal_edited", new { proposalId = "p1", editor = "ana", content = $"Dear {marker}, it ships today.", comment = $"{marker} is in a hurry" }),
            Event("feedback_given", new { by = "ana", rating = 1, proposalId = "p1", comment = $"{marker} liked it" })) with { ExpectedVersion = namesVersion ? 0 : null }, Api);
        outcome.ShouldBeOfType<AppendOutcome.Appended>();
        return stream;
    }

    public async Task<byte[]> DumpAsync()
    {
        var cluster = await TestCluster.GetAsync();
        var connection = new NpgsqlConnectionStringBuilder(Database.AdminConnectionString);
        var start = new ProcessStartInfo(Path.Combine(cluster.BinDirectory, "pg_dump"))
        {
            ArgumentList = { "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", connection.Username!, "-d", Database.Name },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["PGPASSWORD"] = connection.Password },
        };
        using var process = Process.Start(start)!;
        using var dump = new MemoryStream();
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.BaseStream.CopyToAsync(dump);
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await errors);
        return dump.ToArray();
    }

    /// <summary>
    /// Every file of the database's folder, after a checkpoint has written every changed page out, with the relation it
    /// belongs to (or "no relation": a file PostgreSQL has yet to unlink), so a failure names the table that kept the data.
    /// </summary>
    public async Task<List<(string Path, byte[] Bytes)>> DataFilesAsync()
    {
        await using var connection = await Owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "CHECKPOINT; SELECT current_setting('data_directory') || '/base/' || oid FROM pg_database WHERE datname = current_database()", connection);
        var folder = (string)(await command.ExecuteScalarAsync())!;
        var files = new List<(string Path, byte[] Bytes)>();
        foreach (var path in Directory.EnumerateFiles(folder))
        {
            var fileNode = new string(Path.GetFileName(path).TakeWhile(char.IsAsciiDigit).ToArray());
            await using var relation = new NpgsqlCommand("SELECT coalesce(pg_filenode_relation(0, $1::oid)::regclass::text, 'no relation')", connection);
            relation.Parameters.AddWithValue(fileNode.Length > 0 ? fileNode : "0");
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(path);
            }
            catch (FileNotFoundException)
            {
                continue; // removed since the listing (PostgreSQL rewrites its relation cache file, say): it holds nothing now
            }
            files.Add(($"{path} ({await relation.ExecuteScalarAsync()})", bytes));
        }
        return files;
    }

    public static bool Holds(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public async Task<string> ScalarTextAsync(string sql)
    {
        await using var connection = await Owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);

    public async ValueTask DisposeAsync()
    {
        await Owner.DisposeAsync();
        await Store.DisposeAsync();
    }
}
