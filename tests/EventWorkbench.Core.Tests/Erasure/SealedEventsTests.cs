using System.Security.Cryptography;
using System.Text;
using EventWorkbench.Erasure;
using EventWorkbench.History;
using EventWorkbench.Storage;
using EventWorkbench.Streams;
using Marten;
using Npgsql;

namespace EventWorkbench.Tests.Erasure;

/// <summary>
/// How the store writes and reads sealed events on real PostgreSQL: one envelope per event, events sealed field by field
/// in the first format still read, and a reference stored before its holder still opens.
/// </summary>
public sealed class SealedEventsTests
{
    private const string Events = $"{EventStoreConfiguration.Schema}.mt_events";

    [Fact]
    public async Task A_proposal_is_stored_as_one_envelope_in_its_first_personal_field_and_references_in_the_others()
    {
        await using var scope = await ErasureScope.CreateAsync("envelope");
        var stream = await scope.AppendInteractionAsync("customer-31", "Solveig Dahl");

        var stored = await scope.ScalarTextAsync(
            $"SELECT concat_ws(' | ', data->'messages'->0->>'content', data->>'content', data->>'reasoning') FROM {Events} WHERE stream_id = '{stream}' AND type = 'proposal_generated'");

        var fields = stored.Split(" | ");
        fields[0].ShouldStartWith("ew-sealed:4:t:");
        fields[0].ShouldNotContain("#");
        fields[1].ShouldBe("ew-sealed:4:t:#1");
        fields[2].ShouldBe("ew-sealed:4:t:#2");
        var proposal = (await StreamEventReader.ReadAsync(scope.Store, stream, 2, 2))[0].Data.ShouldBeOfType<ProposalGenerated>();
        (proposal.Messages[0].Content, proposal.Content, proposal.Reasoning).ShouldBe(("Solveig Dahl asks", "Dear Solveig Dahl, it ships tomorrow.", "Solveig Dahl asked"));
    }

    [Fact]
    public async Task An_event_sealed_field_by_field_in_the_first_format_reads_as_written_and_as_erased_after_the_erasure()
    {
        await using var scope = await ErasureScope.CreateAsync("first-format");
        await scope.AppendInteractionAsync("customer-32", "Older Event");
        var (keyId, key) = await KeyOfAsync(scope, "customer-32");
        var json = $$"""{"channel":"chat","input":"{{FirstFormat("written field by field", keyId, key)}}","context":"{{FirstFormat("""{"address":"Old Street"}""", keyId, key, 'j')}}"}""";

        var started = Read(scope.Store, json);

        started.Input.ShouldBe("written field by field");
        started.Context!.Value.GetProperty("address").GetString().ShouldBe("Old Street");
        await scope.Erasure.EraseAsync(new ErasureRequest("customer-32", "admin", "Asked"));
        var erased = Read(scope.Store, json);
        (erased.Input, erased.Context!.Value.GetString()).ShouldBe((SealedValue.Erased, SealedValue.Erased));
    }

    [Fact]
    public async Task A_reference_read_before_the_field_that_holds_its_envelope_still_opens()
    {
        await using var scope = await ErasureScope.CreateAsync("reference-first");
        await scope.AppendInteractionAsync("customer-33", "Someone");
        var (keyId, key) = await KeyOfAsync(scope, "customer-33");
        // interaction_started passes its input before its context; here the context holds the envelope.
        var holder = SealedValue.Holder([('j', """{"address":"Harbour Road"}"""), ('t', "the input")], keyId, key);
        var json = $$"""{"channel":"chat","input":"{{SealedValue.Reference('t', 1)}}","context":"{{holder}}"}""";

        var started = Read(scope.Store, json);

        started.Input.ShouldBe("the input");
        started.Context!.Value.GetProperty("address").GetString().ShouldBe("Harbour Road");
        var orphan = Read(scope.Store, $$"""{"channel":"chat","input":"{{SealedValue.Reference('t', 1)}}"}""");
        orphan.Input.ShouldBe(SealedValue.Erased, "a reference without its envelope cannot be opened");
    }

    private static InteractionStarted Read(IDocumentStore store, string json) =>
        store.Options.Serializer().FromJson<InteractionStarted>(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static async Task<(Guid KeyId, byte[] Key)> KeyOfAsync(ErasureScope scope, string subject)
    {
        await using var connection = await scope.Owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT key_id, key FROM {SubjectKeysTable.QualifiedName(EventStoreConfiguration.Schema)} WHERE subject_id = $1", connection);
        command.Parameters.AddWithValue(subject);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).ShouldBeTrue();
        return (reader.GetGuid(0), reader.GetFieldValue<byte[]>(1));
    }

    /// <summary>A value as the first format wrote it: each field sealed alone, its header as associated data.</summary>
    internal static string FirstFormat(string plain, Guid keyId, byte[] key, char kind = 't') =>
        SealedAs($"ew-sealed:1:{kind}:{keyId:N}:", Encoding.UTF8.GetBytes(plain), key);

    /// <summary>
    /// Plain bytes sealed under a header of one's choosing, as the store seals them: AEGIS-256 for format 4 (nonce,
    /// ciphertext, tag), AES-GCM before it (nonce, tag, ciphertext).
    /// </summary>
    internal static string SealedAs(string header, byte[] plainBytes, byte[] key)
    {
        if (header.StartsWith("ew-sealed:4:", StringComparison.Ordinal))
        {
            var aegis = new byte[Geralt.AEGIS256.NonceSize + plainBytes.Length + Geralt.AEGIS256.TagSize];
            RandomNumberGenerator.Fill(aegis.AsSpan(0, Geralt.AEGIS256.NonceSize));
            Geralt.AEGIS256.Encrypt(aegis.AsSpan(Geralt.AEGIS256.NonceSize), plainBytes, aegis.AsSpan(0, Geralt.AEGIS256.NonceSize), key, Encoding.ASCII.GetBytes(header));
            return header + Convert.ToBase64String(aegis);
        }
        var sealedBytes = new byte[12 + 16 + plainBytes.Length];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(sealedBytes.AsSpan(0, 12), plainBytes, sealedBytes.AsSpan(28), sealedBytes.AsSpan(12, 16), Encoding.ASCII.GetBytes(header));
        return header + Convert.ToBase64String(sealedBytes);
    }
}
