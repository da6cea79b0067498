using EventWorkbench.Web.Components;

namespace EventWorkbench.Web.Tests.Components;

public sealed class HandOffStoreTests
{
    private sealed record Snapshot(string Address, List<string> Rows);

    [Fact]
    public void A_snapshot_is_taken_once_as_a_copy()
    {
        using var store = new HandOffStore();
        var original = new Snapshot("review?pageSize=200", ["a", "b"]);

        var token = store.Put(original);
        original.Rows.Add("changed after the hand-over");

        store.TryTake<Snapshot>(token, out var taken).ShouldBeTrue();
        taken!.Address.ShouldBe("review?pageSize=200");
        taken.Rows.ShouldBe(["a", "b"]);
        store.TryTake<Snapshot>(token, out _).ShouldBeFalse("a token hands its snapshot over once");
    }

    [Fact]
    public void An_unknown_token_or_a_snapshot_of_another_shape_finds_nothing()
    {
        using var store = new HandOffStore();
        store.TryTake<Snapshot>("not-a-token", out var nothing).ShouldBeFalse();
        nothing.ShouldBeNull();

        var token = store.Put(42);
        store.TryTake<Snapshot>(token, out _).ShouldBeFalse();
    }

    [Fact]
    public void Tokens_are_unguessable_and_small()
    {
        using var store = new HandOffStore();
        var tokens = Enumerable.Range(0, 100).Select(_ => store.Put(new Snapshot("streams", [new string('x', 50_000)]))).ToList();

        tokens.Distinct().Count().ShouldBe(100);
        tokens.ShouldAllBe(t => t.Length == 32);
    }
}
