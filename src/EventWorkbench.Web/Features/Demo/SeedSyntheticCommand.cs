using EventWorkbench.Demo;
using EventWorkbench.Storage;
using EventWorkbench.Web.Hosting;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.Logging.Abstractions;
using Spectre.Console;

// Lets JasperFx find the commands of this assembly (seed-synthetic) next to Marten's own.
[assembly: JasperFx.JasperFxAssembly]

namespace EventWorkbench.Web.Features.Demo;

public sealed class SeedSyntheticInput : NetCoreInput
{
    [Description("How many events to write")]
    public long EventsFlag { get; set; } = 1_000_000;

    [Description("Bulk transactions in flight at once")]
    public int WritersFlag { get; set; } = 2;

    [Description("Events per bulk transaction")]
    public int BatchFlag { get; set; } = 20_000;

    [Description("Leave the InteractionSummary and ProposalReview projections as they are (they then lag the events)")]
    public bool NoRebuildFlag { get; set; }
}

/// <summary><c>dotnet run -- seed-synthetic --events 1000000</c>: a large synthetic store for benchmarks, written with
/// Marten's bulk append, then the summary projection rebuilt by the projection daemon.</summary>
[Description("Seeds a large synthetic event store fast (Marten bulk append), then rebuilds the interaction summaries", Name = "seed-synthetic")]
public sealed class SeedSyntheticCommand : JasperFxAsyncCommand<SeedSyntheticInput>
{
    public SeedSyntheticCommand()
    {
        Usage("Seed one million events");
        Usage("Seed a given number of events").ValidFlags(x => x.EventsFlag, x => x.WritersFlag, x => x.BatchFlag, x => x.NoRebuildFlag);
    }

    public override async Task<bool> Execute(SeedSyntheticInput input)
    {
        if (input.EventsFlag <= 0 || input.WritersFlag <= 0 || input.BatchFlag <= 0)
        {
            AnsiConsole.MarkupLine("[red]--events, --writers and --batch must be positive[/]");
            return false;
        }

        var host = input.BuildHost();
        try
        {
            var connections = host.Services.GetRequiredService<EventStoreConnections>();
            await EventStoreConfiguration.MigrateAsync(connections.Admin, connections.App);
            var seeder = new SyntheticSeeder(host.Services.GetRequiredService<IDocumentStore>())
            {
                Writers = input.WritersFlag,
                EventsPerTransaction = input.BatchFlag,
            };

            SyntheticSeedResult written = null!;
            SummaryRebuildResult? rebuilt = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var writing = context.AddTask($"Writing {input.EventsFlag:N0} events", maxValue: input.EventsFlag);
                    var rebuilding = context.AddTask("Rebuilding InteractionSummary, then ProposalReview", autoStart: false, maxValue: 1);
                    written = await seeder.WriteAsync(input.EventsFlag, new InlineProgress<long>(events => writing.Value = Math.Max(writing.Value, events)));
                    writing.Value = writing.MaxValue;
                    if (input.NoRebuildFlag) return;

                    rebuilding.StartTask();
                    rebuilt = await seeder.RebuildSummariesAsync(new InlineProgress<(long Sequence, long HighWater)>(p =>
                    {
                        rebuilding.MaxValue = Math.Max(p.HighWater, 1);
                        rebuilding.Value = Math.Max(rebuilding.Value, p.Sequence);
                    }), NullLogger.Instance);
                    rebuilding.Value = rebuilding.MaxValue;
                });

            var table = new Table().AddColumns("", "").HideHeaders();
            table.AddRow("Events written", $"{written.Events:N0} in {written.Streams:N0} streams (synthetic-{written.FirstStreamNumber:D8} on)");
            table.AddRow("Bulk append", $"{written.Elapsed.TotalSeconds:N1} s, [bold]{written.EventsPerSecond:N0} events/s[/]");
            if (rebuilt is not null)
                table.AddRow("Projection rebuild", $"{rebuilt.Elapsed.TotalSeconds:N1} s for all {rebuilt.Events:N0} events in the store, {rebuilt.EventsPerSecond:N0} events/s");
            AnsiConsole.Write(table);
            return true;
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }
    }
}

/// <summary>Reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool, out of order).</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
