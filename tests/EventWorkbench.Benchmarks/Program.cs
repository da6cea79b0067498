using EventWorkbench.Benchmarks;
using EventWorkbench.Testing;
using Spectre.Console;

// dotnet run -c Release --project tests/EventWorkbench.Benchmarks -- append 200000
// dotnet run -c Release --project tests/EventWorkbench.Benchmarks -- delta 20
// dotnet run -c Release --project tests/EventWorkbench.Benchmarks -- queue 100000
// dotnet run -c Release --project tests/EventWorkbench.Benchmarks -- export 100000
// dotnet run -c Release --project tests/EventWorkbench.Benchmarks -- history 1000000   [--only step|search|seal]
// dotnet run -c Release --project tests/EventWorkbench.Benchmarks -- rebuild 1000000
// dotnet run -c Release --project tests/EventWorkbench.Benchmarks -- dashboard 1000000
const string Usage = "usage: EventWorkbench.Benchmarks append <events> [--clients 8] [--batch 100]   (e.g. append 5000 for a smoke check)\n" +
    "       EventWorkbench.Benchmarks delta <kb> [--iterations 200]   (delta of two texts of that size, e.g. delta 20)\n" +
    "       EventWorkbench.Benchmarks queue <proposals>   (the review queue's first page over that many proposals, e.g. queue 100000)\n" +
    "       EventWorkbench.Benchmarks export <events>   (a trl-sft export of that many events against COPY of them, e.g. export 100000)\n" +
    "       EventWorkbench.Benchmarks history <events> [--only step|search|seal]   (a step at version 1,000 of a 5,000-event stream, event search and\n" +
    "            sealing and verifying over that many events, each against reading the same rows raw, e.g. history 100000)\n" +
    "       EventWorkbench.Benchmarks rebuild <events>   (a rebuild of ProposalReview over that many events against reading and deserialising\n" +
    "            them raw, e.g. rebuild 100000)\n" +
    "       EventWorkbench.Benchmarks dashboard <events>   (the dashboards' first render and their queries over that many events, the analytics\n" +
    "            projections caught up first, against plain reads of the same tables, e.g. dashboard 100000)";
if (args.Length >= 2 && args[0] == "delta" && int.TryParse(args[1], out var kilobytes) && kilobytes > 0)
{
    return DeltaScenario.Run(kilobytes, Option("--iterations", 200));
}
if (args.Length >= 2 && args[0] == "queue" && long.TryParse(args[1], out var proposals) && proposals > 0)
{
    return await QueueScenario.RunAsync(proposals);
}
if (args.Length >= 2 && args[0] == "export" && long.TryParse(args[1], out var storeEvents) && storeEvents > 0)
{
    return await ExportScenario.RunAsync(storeEvents);
}
if (args.Length >= 2 && args[0] == "history" && long.TryParse(args[1], out var historyEvents) && historyEvents > 0)
{
    var only = OptionText("--only");
    var failed = 0;
    if (only is null or "step") failed += await HistoryScenario.RunAsync();
    if (only is null or "search") failed += await SearchScenario.RunAsync(historyEvents);
    if (only is null or "seal") failed += await SealScenario.RunAsync(historyEvents);
    return failed;
}
if (args.Length >= 2 && args[0] == "rebuild" && long.TryParse(args[1], out var rebuildEvents) && rebuildEvents > 0)
{
    return await RebuildScenario.RunAsync(rebuildEvents);
}
if (args.Length >= 2 && args[0] == "dashboard" && long.TryParse(args[1], out var dashboardEvents) && dashboardEvents > 0)
{
    return await DashboardScenario.RunAsync(dashboardEvents);
}
if (args.Length < 2 || args[0] != "append" || !long.TryParse(args[1], out var events) || events < 1 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(Usage);
    return args.Contains("--help") || args.Contains("-h") ? 0 : 1;
}
var clients = Option("--clients", 8);
var batchSize = Option("--batch", 100);

AnsiConsole.MarkupLine($"[bold]append[/]: {events:N0} events, batches of {batchSize}, {clients} concurrent writers, {Environment.ProcessorCount} cores");
var cluster = await TestCluster.GetAsync();
CpuSnapshot.PostmasterPid = int.Parse(File.ReadLines(Path.Combine(cluster.ClusterDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
var workload = AppendWorkload.Create(events, batchSize);

// Each path gets a fresh database of the same cluster; in between, the previous one is vacuumed and the cluster
// checkpointed, so no scenario pays for its predecessor's autovacuum or dirty buffers.
var database = await TestCluster.CreateDatabaseAsync("bench_http");
var http = Report(await HttpAppendScenario.RunAsync(database, workload, clients));
await Quiesce.AfterAsync(database);
database = await TestCluster.CreateDatabaseAsync("bench_marten");
var marten = Report(await MartenAppendScenario.RunAsync(database, workload, clients));
await Quiesce.AfterAsync(database);
database = await TestCluster.CreateDatabaseAsync("bench_async_review");
var asyncReview = await AsyncReviewAppendScenario.RunAsync(database, workload, clients);
Report(asyncReview.Append);
AnsiConsole.MarkupLine($"  the daemon caught up with ProposalReview {asyncReview.LagAfterBurst.TotalSeconds:N2} s after the burst");
await Quiesce.AfterAsync(database);
database = await TestCluster.CreateDatabaseAsync("bench_copy");
var copy = Report(await CopyAppendScenario.RunAsync(database, workload));

var table = new Table().AddColumns("path", "events/s", "seconds", ".NET µs/ev", "PG µs/ev", "other load", "peak WS");
foreach (var result in new[] { http, marten, asyncReview.Append, copy })
{
    table.AddRow(result.Name, $"{result.EventsPerSecond:N0}", $"{result.Elapsed.TotalSeconds:N2}", $"{result.AppMicrosecondsPerEvent:N0}",
        $"{result.PostgresMicrosecondsPerEvent:N0}", $"{result.OtherLoad:N2} cores", $"{result.PeakWorkingSet / 1024.0 / 1024:N0} MiB");
}
AnsiConsole.Write(table);
var httpRatio = http.EventsPerSecond / marten.EventsPerSecond;
AnsiConsole.MarkupLine($"HTTP / Marten = [bold]{httpRatio:N2}[/] (target >= 0.60: {(httpRatio >= 0.6 ? "[green]met[/]" : "[red]missed[/]")})");
AnsiConsole.MarkupLine($"Marten / COPY = [bold]{marten.EventsPerSecond / copy.EventsPerSecond:N2}[/]");
AnsiConsole.MarkupLine($"Marten with ProposalReview async / COPY = [bold]{asyncReview.Append.EventsPerSecond / copy.EventsPerSecond:N2}[/], " +
    $"async / inline = [bold]{asyncReview.Append.EventsPerSecond / marten.EventsPerSecond:N2}[/], daemon lag after the burst {asyncReview.LagAfterBurst.TotalSeconds:N2} s " +
    $"(burst plus lag: {workload.Events / (asyncReview.Append.Elapsed + asyncReview.LagAfterBurst).TotalSeconds:N0} events/s)");
AnsiConsole.MarkupLine($"By CPU per event (.NET + PostgreSQL; steadier on a shared machine): HTTP / Marten = {CpuRatio(http, marten):N2}, Marten / COPY = {CpuRatio(marten, copy):N2}");
AnsiConsole.MarkupLine($"Process peak working set: {Environment.WorkingSet / 1024 / 1024:N0} MiB now, {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024:N0} MiB peak");
return 0;

static double CpuRatio(ScenarioResult slower, ScenarioResult faster) =>
    (faster.AppMicrosecondsPerEvent + faster.PostgresMicrosecondsPerEvent) / (slower.AppMicrosecondsPerEvent + slower.PostgresMicrosecondsPerEvent);

static ScenarioResult Report(ScenarioResult result)
{
    AnsiConsole.MarkupLine($"  {result.Name}: {result.EventsPerSecond:N0} events/s ({result.Elapsed.TotalSeconds:N2} s, other load {result.OtherLoad:N2} cores)");
    return result;
}

string? OptionText(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], out var value) && value > 0 ? value : fallback;
}
