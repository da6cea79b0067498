using EventWorkbench.Storage;
using EventWorkbench.Testing;
using Marten;

namespace EventWorkbench.Tests.Storage;

/// <summary>
/// The gate on real PostgreSQL: appends pass it together; closing it waits for the appends that passed, and appends
/// that come while it is closed wait until it opens.
/// </summary>
public sealed class InlineProjectionGateTests : IAsyncLifetime
{
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(300);
    private TestDatabase _database = null!;
    private DocumentStore _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestCluster.CreateDatabaseAsync(nameof(InlineProjectionGateTests));
        _store = TestStores.For(_database);
    }

    public Task DisposeAsync()
    {
        _store.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Appends_pass_together_closing_waits_for_them_and_later_appends_wait_for_it_to_open()
    {
        var first = _store.LightweightSession();
        var second = _store.LightweightSession();
        await InlineProjectionGate.PassAsync(first, CancellationToken.None);
        await InlineProjectionGate.PassAsync(second, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)); // no wait on the first

        await using var closer = _store.LightweightSession();
        var closing = InlineProjectionGate.CloseAsync(closer, CancellationToken.None);
        await Task.Delay(Moment);
        closing.IsCompleted.ShouldBeFalse("two appends are in flight");
        await first.DisposeAsync(); // its transaction ends
        await Task.Delay(Moment);
        closing.IsCompleted.ShouldBeFalse("one append is still in flight");
        await second.DisposeAsync();
        await closing.WaitAsync(TimeSpan.FromSeconds(10));

        await using var later = _store.LightweightSession();
        var passing = InlineProjectionGate.PassAsync(later, CancellationToken.None);
        await Task.Delay(Moment);
        passing.IsCompleted.ShouldBeFalse("the gate is closed");
        await closer.DisposeAsync();
        await passing.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
