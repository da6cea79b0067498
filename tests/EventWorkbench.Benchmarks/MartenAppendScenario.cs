using EventWorkbench.Testing;
using Marten;

namespace EventWorkbench.Benchmarks;

/// <summary>b) The same batches appended in-process by plain Marten sessions, 8 concurrent tasks.</summary>
public static class MartenAppendScenario
{
    public static async Task<ScenarioResult> RunAsync(TestDatabase database, AppendWorkload workload, int workers)
    {
        using var store = TestStores.For(database);
        var warmUp = workload.WarmUp(workload.Batches[0].Events.Count);
        await AppendWorkload.RunConcurrentlyAsync(warmUp, workers, (_, batch) => AppendAsync(store, batch));

        return await ScenarioResult.MeasureAsync("Marten in-process", workload.Events, () =>
            AppendWorkload.RunConcurrentlyAsync(workload.Batches, workers, (_, batch) => AppendAsync(store, batch)));
    }

    public static async Task AppendAsync(DocumentStore store, AppendBatch batch)
    {
        await using var session = store.LightweightSession();
        session.CorrelationId = batch.StreamId;
        session.LastModifiedBy = AppendWorkload.Actor;
        session.SetHeader("source", "bench");
        session.Events.StartStream(batch.StreamId, batch.Events);
        await session.SaveChangesAsync();
    }
}
