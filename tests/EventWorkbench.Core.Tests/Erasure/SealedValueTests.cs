using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EventWorkbench.Erasure;

namespace EventWorkbench.Tests.Erasure;

/// <summary>The sealed value formats, without a database: an envelope holds every value of an event and opens once.</summary>
public sealed class SealedValueTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly Guid KeyId = Guid.NewGuid();

    [Fact]
    public void An_envelope_holds_every_value_in_order_and_references_name_their_index()
    {
        var holder = SealedValue.Holder([('t', "Ingrid Halvorsen asks"), ('j', """{"address":"Fjordgata 12"}"""), ('t', "")], KeyId, Key);

        holder.ShouldStartWith($"ew-sealed:4:t:{KeyId:N}:");
        holder.ShouldNotContain("Ingrid");
        SealedValue.TryParse(holder, out var header).ShouldBeTrue();
        header.ShouldBe(new SealedHeader(4, 't', KeyId, 0));
        var plain = SealedValue.Open(holder, header, Key).ShouldNotBeNull();
        var values = SealedValue.EnvelopeValues(plain).ShouldNotBeNull();
        values.Select(range => Encoding.UTF8.GetString(plain.AsSpan(range))).ShouldBe(["Ingrid Halvorsen asks", """{"address":"Fjordgata 12"}""", ""]);

        var reference = SealedValue.Reference('j', 1);
        reference.ShouldBe("ew-sealed:4:j:#1", "a reference is opened with its event's envelope, so it names no key");
        SealedValue.TryParse(reference, out var referenceHeader).ShouldBeTrue();
        referenceHeader.ShouldBe(new SealedHeader(4, 'j', Guid.Empty, 1));
    }

    [Fact]
    public void An_envelope_that_compresses_is_sealed_compressed_and_opens_to_the_same_values()
    {
        var proposal = string.Join(' ', Enumerable.Repeat("Dear Ingrid, your order 4411 ships from Fjordgata on Monday.", 12));
        var values = new List<(char, string)> { ('t', "Where is my order 4411?"), ('t', proposal), ('j', """{"address":"Fjordgata 12"}""") };

        var holder = SealedValue.Holder(values, KeyId, Key);

        holder.Length.ShouldBeLessThan(proposal.Length, "the repeated text compresses before it is sealed");
        SealedValue.TryParse(holder, out var header).ShouldBeTrue();
        header.ShouldBe(new SealedHeader(4, 't', KeyId, 0));
        var plain = SealedValue.Open(holder, header, Key).ShouldNotBeNull();
        SealedValue.EnvelopeValues(plain).ShouldNotBeNull().Select(range => Encoding.UTF8.GetString(plain.AsSpan(range)))
            .ShouldBe(values.Select(value => value.Item2));
        SealedValue.Open(holder, header, RandomNumberGenerator.GetBytes(32)).ShouldBeNull();
    }

    [Fact]
    public void A_value_sealed_in_the_second_format_still_opens_and_its_references_name_their_key()
    {
        var envelope = new byte[4 + 6];
        BinaryPrimitives.WriteInt32LittleEndian(envelope, 6);
        Encoding.UTF8.GetBytes("second", envelope.AsSpan(4));
        var holder = SealedEventsTests.SealedAs($"ew-sealed:2:t:{KeyId:N}:", envelope, Key);

        SealedValue.TryParse(holder, out var header).ShouldBeTrue();
        header.ShouldBe(new SealedHeader(2, 't', KeyId, 0));
        SealedValue.Open(holder, header, Key).ShouldBe(envelope, "format 2 holds the envelope itself, with no flag byte");
        SealedValue.TryParse($"ew-sealed:2:j:{KeyId:N}:#3", out var reference).ShouldBeTrue();
        reference.ShouldBe(new SealedHeader(2, 'j', KeyId, 3));
    }

    [Theory]
    [InlineData(new byte[0], "no flag")]
    [InlineData(new byte[] { 2, 4, 0, 0, 0 }, "a flag that is neither stored nor compressed")]
    [InlineData(new byte[] { 1, 1, 0 }, "shorter than its length")]
    [InlineData(new byte[] { 1, 0, 0, 0, 0, 0 }, "a length of zero")]
    [InlineData(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0x7F, 0x10, 0x41 }, "a length far past any envelope")]
    [InlineData(new byte[] { 1, 40, 0, 0, 0, 0x10, 0x41 }, "a block that decodes to fewer bytes than its length")]
    [InlineData(new byte[] { 1, 4, 0, 0, 0, 0xF0, 0x41 }, "a block that is not LZ4")]
    public void An_envelope_that_does_not_unpack_does_not_open(byte[] plain, string what)
    {
        foreach (var format in new[] { 3, 4 })
        {
            var value = SealedEventsTests.SealedAs($"ew-sealed:{format}:t:{KeyId:N}:", plain, Key);

            SealedValue.TryParse(value, out var header).ShouldBeTrue();
            SealedValue.Open(value, header, Key).ShouldBeNull($"{what}, format {format}");
        }
    }

    [Theory]
    [InlineData("AAAA", "fewer bytes than a nonce and a tag")]
    [InlineData("not base64!", "not base64")]
    [InlineData("QUJDR", "base64 cut short")]
    [InlineData("QUJDÄ===", "a letter outside ASCII")]
    public void A_holder_whose_body_is_not_sealed_bytes_does_not_open(string body, string what)
    {
        foreach (var format in new[] { 3, 4 })
        {
            var value = $"ew-sealed:{format}:t:{KeyId:N}:{body}";

            SealedValue.TryParse(value, out var header).ShouldBeTrue(what);
            SealedValue.Open(value, header, Key).ShouldBeNull($"{what}, format {format}");
        }
    }

    [Fact]
    public void A_value_sealed_in_the_third_format_still_opens_and_its_references_name_no_key()
    {
        var envelope = new byte[1 + 4 + 5];
        BinaryPrimitives.WriteInt32LittleEndian(envelope.AsSpan(1), 5);
        Encoding.UTF8.GetBytes("third", envelope.AsSpan(5));
        var holder = SealedEventsTests.SealedAs($"ew-sealed:3:t:{KeyId:N}:", envelope, Key);

        SealedValue.TryParse(holder, out var header).ShouldBeTrue();
        header.ShouldBe(new SealedHeader(3, 't', KeyId, 0));
        SealedValue.Open(holder, header, Key).ShouldBe(envelope[1..], "format 3 is AES-GCM around the same flagged envelope");
        SealedValue.TryParse("ew-sealed:3:j:#2", out var reference).ShouldBeTrue();
        reference.ShouldBe(new SealedHeader(3, 'j', Guid.Empty, 2));
    }

    [Fact]
    public void An_envelope_does_not_open_with_another_key_or_under_another_header()
    {
        var holder = SealedValue.Holder([('t', "secret")], KeyId, Key);
        SealedValue.TryParse(holder, out var header).ShouldBeTrue();

        SealedValue.Open(holder, header, RandomNumberGenerator.GetBytes(32)).ShouldBeNull();
        var otherKind = holder.Replace(":4:t:", ":4:j:", StringComparison.Ordinal);
        SealedValue.TryParse(otherKind, out var otherHeader).ShouldBeTrue();
        SealedValue.Open(otherKind, otherHeader, Key).ShouldBeNull("the header is associated data");
        var at = holder.Length - 10; // inside the ciphertext, clear of any padding
        var flipped = holder[..at] + (holder[at] == 'A' ? 'B' : 'A') + holder[(at + 1)..];
        SealedValue.Open(flipped, header, Key).ShouldBeNull();
    }

    [Fact]
    public void A_value_sealed_in_the_first_format_still_opens()
    {
        var value = SealedEventsTests.FirstFormat("written before envelopes", KeyId, Key);

        SealedValue.TryParse(value, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(new SealedHeader(1, 't', KeyId, 0));
        Encoding.UTF8.GetString(SealedValue.Open(value, parsed, Key).ShouldNotBeNull()).ShouldBe("written before envelopes");
    }

    [Theory]
    [InlineData("ew-sealed:5:t:{0}:AAAA")]
    [InlineData("ew-sealed:4:t:#0")]
    [InlineData("ew-sealed:4:t:{0}:#1")]
    [InlineData("ew-sealed:3:t:#0")]
    [InlineData("ew-sealed:3:t:#")]
    [InlineData("ew-sealed:3:t:#1x")]
    [InlineData("ew-sealed:3:t:{0}:#1")]
    [InlineData("ew-sealed:2:t:#1")]
    [InlineData("ew-sealed:2:x:{0}:AAAA")]
    [InlineData("ew-sealed:2:t:not-a-key-id-at-all-not-a-key-id-at:AAAA")]
    [InlineData("ew-sealed:2:t:{0}:")]
    [InlineData("ew-sealed:2:t:{0}:#0")]
    [InlineData("ew-sealed:2:t:{0}:#-1")]
    [InlineData("ew-sealed:2:t:{0}:#x")]
    [InlineData("ew-sealed:1:t:{0}:#1")]
    [InlineData("plain text")]
    public void What_is_not_a_sealed_value_is_not_parsed_as_one(string value) =>
        SealedValue.TryParse(string.Format(System.Globalization.CultureInfo.InvariantCulture, value, KeyId.ToString("N")), out _).ShouldBeFalse();

    [Fact]
    public void Plain_bytes_that_are_not_an_envelope_are_refused()
    {
        SealedValue.EnvelopeValues([]).ShouldBeNull();
        SealedValue.EnvelopeValues([1, 0, 0]).ShouldBeNull("shorter than a length");
        var tooLong = new byte[6];
        BinaryPrimitives.WriteInt32LittleEndian(tooLong, 3);
        SealedValue.EnvelopeValues(tooLong).ShouldBeNull("a length past the end");
        BinaryPrimitives.WriteInt32LittleEndian(tooLong, -1);
        SealedValue.EnvelopeValues(tooLong).ShouldBeNull("a negative length");
    }
}
