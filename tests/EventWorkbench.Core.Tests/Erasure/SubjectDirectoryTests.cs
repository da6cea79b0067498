using EventWorkbench.Erasure;

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
}
