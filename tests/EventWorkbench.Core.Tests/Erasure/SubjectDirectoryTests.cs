using EventWorkbench.Erasure;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Tests.Erasure;

/// <summary>Finding data subjects by the beginning of their id, on real PostgreSQL.</summary>
public sealed class SubjectDirectoryTests
{
    [Fact]
    public async Task Lists_the_subjects_whose_id_begins_with_the_text_in_order_erased_ones_marked()
    {
        await using var scope = await ErasureScope.CreateAsync("directory");
        foreach (var subject in new[] { "customer-8", "customer-7", "Customer-9", "cust_x", "custAx", "other-customer-1" })
            await scope.AppendInteractionAsync(subject, $"Person {subject}");
        await scope.AppendInteractionAsync("customer-8", "Person customer-8 again"); // one key, however many streams
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-7", "admin", "Asked to be forgotten"));
        var directory = new SubjectDirectory(scope.Store);

        (await directory.StartingWithAsync("customer-", 10)).ShouldBe([new KnownSubject("customer-7", Erased: true), new KnownSubject("customer-8", Erased: false)]);
        (await directory.StartingWithAsync("cust_", 10)).Select(s => s.SubjectId).ShouldBe(["cust_x"], "_ matches itself, not any character");
        (await directory.StartingWithAsync("cust", 2)).Select(s => s.SubjectId).ShouldBe(["custAx", "cust_x"]);
        (await directory.StartingWithAsync("customer-8", 10)).Select(s => s.SubjectId).ShouldBe(["customer-8"]);
        (await directory.StartingWithAsync("nobody", 10)).ShouldBeEmpty();
        (await directory.StartingWithAsync("", 10)).ShouldBeEmpty("an empty text lists nobody, not everybody");
    }

    [Fact]
    public async Task In_a_database_of_another_collation_the_subject_index_serves_the_search_in_byte_order()
    {
        var database = await TestCluster.CreateIcuCollatedDatabaseAsync("directory");
        await using var connection = new NpgsqlConnection(database.AdminConnectionString);
        await connection.OpenAsync();
        var keys = SubjectKeysTable.QualifiedName(EventStoreConfiguration.Schema);
        await using (var insert = new NpgsqlCommand($"""
            INSERT INTO {keys} (key_id, subject_id, key)
            SELECT gen_random_uuid(), 'filler-' || n, '\x00'::bytea FROM generate_series(1, 2000) n
            UNION ALL VALUES (gen_random_uuid(), 'custAx', '\x01'::bytea), (gen_random_uuid(), 'cust_x', NULL), (gen_random_uuid(), 'Cust-9', '\x02'::bytea);
            ANALYZE {keys};
            SET enable_seqscan = off; SET enable_bitmapscan = off;
            """, connection))
            await insert.ExecuteNonQueryAsync();

        await using var explain = SubjectDirectory.Command(connection, EventStoreConfiguration.Schema, "cust", 10);
        explain.CommandText = "EXPLAIN " + explain.CommandText;
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        var planText = string.Join('\n', plan);
        planText.ShouldContain("Index Scan using ew_subject_keys_subject");
        planText.ShouldContain("Index Cond: (((subject_id)::text >= 'cust'::text)", Case.Sensitive, "the prefix bounds the scan; it does not filter every key");

        await using var search = SubjectDirectory.Command(connection, EventStoreConfiguration.Schema, "cust", 10);
        var found = new List<KnownSubject>();
        await using (var reader = await search.ExecuteReaderAsync())
            while (await reader.ReadAsync()) found.Add(new KnownSubject(reader.GetString(0), reader.GetBoolean(1)));
        found.ShouldBe([new KnownSubject("custAx", Erased: false), new KnownSubject("cust_x", Erased: true)], "byte order, where the root locale puts _ first; case as written");
    }
}
