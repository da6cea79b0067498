using System.Data;
using EventWorkbench.Erasure;
using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Tests.Erasure;

/// <summary>
/// The erasure's rewrite does a table again when PostgreSQL reports dead row versions it had to keep, read from the
/// report of this server's <c>VACUUM (FULL, VERBOSE)</c>; and before it rewrites, it waits for transactions anywhere on
/// the server that would make it keep them.
/// </summary>
public sealed class ErasedDataRewriteTests
{
    [Fact]
    public async Task A_rewrite_while_a_snapshot_can_still_see_deleted_rows_reports_how_many_it_kept()
    {
        var database = await TestCluster.CreateDatabaseAsync("rewrite_report");
        await using var owner = SubjectErasure.OwnerDataSource(database.AdminConnectionString);
        await using var rewriter = await owner.OpenConnectionAsync();
        var kept = new List<long>();
        rewriter.Notice += (_, args) =>
        {
            if (ErasedDataRewrite.DeadRowVersionsKept(args.Notice.Detail) is { } count) kept.Add(count);
        };
        await ExecuteAsync(rewriter, "CREATE TABLE notes (id int PRIMARY KEY, text text); INSERT INTO notes SELECT n, 'note ' || n FROM generate_series(1, 10) n");

        await using (var reader = await owner.OpenConnectionAsync())
        await using (var snapshot = await reader.BeginTransactionAsync(IsolationLevel.RepeatableRead))
        {
            await using (var read = new NpgsqlCommand("SELECT 1", reader, snapshot)) await read.ExecuteScalarAsync(); // a snapshot, and no lock on the table
            await ExecuteAsync(rewriter, "DELETE FROM notes WHERE id <= 3");
            await ExecuteAsync(rewriter, "VACUUM (FULL, VERBOSE) notes");
            kept.ShouldBe([3L], "the snapshot begun before the delete can still read the three rows");
        }
    }

    [Fact]
    public async Task The_clean_up_waits_for_a_transaction_writing_in_another_database_and_then_leaves_no_old_row()
    {
        await using var scope = await ErasureScope.CreateAsync("elsewhere");
        await scope.AppendInteractionAsync("customer-3", "Elsewhere Writer");
        var other = await TestCluster.CreateDatabaseAsync("elsewhere_other");
        await using var next = new NpgsqlConnection(other.AdminConnectionString);
        await next.OpenAsync();
        await using var writing = await next.BeginTransactionAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", next, writing))
            await xid.ExecuteScalarAsync(); // a transaction with a number: every snapshot on the server is bounded by it

        var impatient = new SubjectErasure(scope.Store, scope.Owner) { RewritePatience = TimeSpan.FromSeconds(2) };
        (await impatient.EraseAsync(new ErasureRequest("customer-3", "admin", "Asked")))
            .ShouldBeOfType<ErasureOutcome.Incomplete>().Reason.ShouldContain("still runs on the server");
        await writing.CommitAsync();

        (await scope.Erasure.CompletePendingAsync()).ShouldBe(1);
        (await scope.DataFilesAsync()).Where(file => ErasureScope.Holds(file.Bytes, "Elsewhere Writer")).Select(file => file.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task An_erasure_refuses_owner_connections_that_hide_the_notice_details_it_reads()
    {
        await using var scope = await ErasureScope.CreateAsync("details");
        await using var plain = NpgsqlDataSource.Create(scope.Database.AdminConnectionString);

        Should.Throw<ArgumentException>(() => new SubjectErasure(scope.Store, plain)).Message.ShouldContain(nameof(SubjectErasure.OwnerDataSource));
    }

    [Theory]
    [InlineData("3 dead row versions cannot be removed yet.\nCPU: user: 0.00 s, system: 0.00 s, elapsed: 0.00 s.", 3L)]
    [InlineData("0 dead row versions cannot be removed yet.", 0L)]
    [InlineData("Detail redacted as it may contain sensitive data. Specify 'Include Error Detail' in the connection string to include this information.", null)]
    [InlineData("analyzing \"public.notes\"", null)]
    [InlineData(null, null)]
    public void Only_the_count_of_kept_dead_row_versions_is_read(string? detail, long? expected) =>
        ErasedDataRewrite.DeadRowVersionsKept(detail).ShouldBe(expected);

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
