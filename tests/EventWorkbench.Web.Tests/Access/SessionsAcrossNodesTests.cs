using System.Net;
using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Npgsql;

namespace EventWorkbench.Web.Tests.Access;

public sealed class SessionsAcrossNodesTests(TwoNodes nodes) : IClassFixture<TwoNodes>
{
    [Fact]
    public async Task A_session_begun_on_one_node_is_good_on_the_other_because_they_share_the_key_ring_in_the_store()
    {
        // Cookies go by host, not port: the one client carries the session to both nodes on 127.0.0.1.
        using var client = await FormSignIn.SignedInClientAsync(nodes.First, TwoNodes.Admin, TwoNodes.Password);

        (await client.GetAsync(new Uri(nodes.Second, "/admin/accounts"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var connection = new NpgsqlConnection(nodes.Database.AdminConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {EventStoreConfiguration.Schema}.mt_doc_protectionkey", connection);
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(1, "both nodes use the one key");
    }
}
