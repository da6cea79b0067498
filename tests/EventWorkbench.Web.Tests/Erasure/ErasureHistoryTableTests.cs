using Bunit;
using EventWorkbench.Erasure;
using EventWorkbench.Web.Features.Erasure;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace EventWorkbench.Web.Tests.Erasure;

/// <summary>The list of erasures: completed, pending, and an earlier erasure of a subject erased again since.</summary>
public sealed class ErasureHistoryTableTests : BunitContext, IAsyncLifetime
{
    public ErasureHistoryTableTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose only asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    [Fact]
    public void Each_erasure_says_when_it_completed_or_that_it_is_pending_or_done_before_a_later_one()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        SubjectErasureJob Job(string reason, bool done, DateTimeOffset? completed) =>
            new() { Id = "customer-5", By = "admin", Reason = reason, RequestedAt = at, Events = 4, Streams = 1, Done = done, CompletedAt = completed };

        var table = Render<ErasureHistoryTable>(p => p.Add(t => t.Jobs, [
            Job("Asked again", true, at.AddSeconds(2)), Job("Pending one", false, null), Job("Asked", true, null)]));

        var completedCells = table.FindAll("[data-testid=erasure-record]").Select(row => row.QuerySelectorAll("td")[4].TextContent.Trim()).ToList();
        completedCells[0].ShouldBe("2026-11-30 09:00:02 UTC");
        completedCells[1].ShouldBe("pending");
        completedCells[2].ShouldBe("done");
    }
}
