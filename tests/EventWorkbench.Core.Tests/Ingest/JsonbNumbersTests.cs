using System.Text;
using EventWorkbench.Ingest;
using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Tests.Ingest;

/// <summary>The number rule says yes exactly where PostgreSQL's jsonb does, asked of the real server.</summary>
public sealed class JsonbNumbersTests
{
    private static string Zeros(int count) => new('0', count);

    public static TheoryData<string> Numbers => new()
    {
        "0", "-0", "1", "-1.5", "1e1000", "1E+1000", "1e131071", "9e131071", "-9.99e131071", "1e131072", "10e131071", "0.1e131072",
        "0.1e131073", "0.00001e131076", "0.00001e131077", "1e-16383", "1e-16384", "1.5e-16383", "0.00001e-16378", "0e999999",
        "0e1073741822", "0e1073741823", "0e-16383", "0e-16384", "0.0e-16382", "0.0e-16383", "-0.0e-16383", "1e999999", "1e-999999",
        "1e2147483647", "1e-2147483648", "123456789e131063", "123456789e131064", $"1.{Zeros(16383)}", $"1.{Zeros(16384)}",
        $"1{Zeros(131071)}", $"1{Zeros(131072)}", $"9{Zeros(131071)}.5", $"0.{Zeros(16383)}", $"0.{Zeros(16382)}1e-1",
        $"0.{Zeros(20000)}1e150000", $"0.{Zeros(20000)}1e151073", $"0.{Zeros(20000)}1e151074",
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public async Task The_rule_refuses_exactly_the_numbers_postgresql_refuses(string number)
    {
        var server = await TestCluster.GetAsync();
        await using var connection = new NpgsqlConnection(server.AdminConnectionStringFor("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select $1::jsonb", connection) { Parameters = { new() { Value = $$"""{"n":{{number}}}""" } } };
        bool postgresTakesIt;
        try
        {
            await command.ExecuteScalarAsync();
            postgresTakesIt = true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.NumericValueOutOfRange)
        {
            postgresTakesIt = false;
        }

        var problem = JsonbNumbers.Problem(Encoding.ASCII.GetBytes(number));

        (problem is null).ShouldBe(postgresTakesIt, $"{(number.Length > 40 ? number[..40] + "…" : number)}: {problem ?? "accepted"}");
    }
}
