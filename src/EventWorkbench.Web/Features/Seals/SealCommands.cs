using EventWorkbench.Audit;
using EventWorkbench.Storage;
using EventWorkbench.Web.Features.Demo;
using EventWorkbench.Web.Hosting;
using JasperFx.CommandLine;
using Spectre.Console;

namespace EventWorkbench.Web.Features.Seals;

public sealed class SealInput : NetCoreInput
{
    [Description("Who seals (recorded in the seal)")]
    public string ByFlag { get; set; } = Environment.UserName;
}

/// <summary><c>dotnet run -- seal</c>: seals every event appended since the last seal.</summary>
[Description("Seals the events appended since the last seal (a log_sealed event on workbench-seals)", Name = "seal")]
public sealed class SealCommand : JasperFxAsyncCommand<SealInput>
{
    public SealCommand()
    {
        Usage("Seal what is new");
        Usage("Seal what is new, naming who seals").ValidFlags(x => x.ByFlag);
    }

    public override async Task<bool> Execute(SealInput input)
    {
        if (string.IsNullOrWhiteSpace(input.ByFlag))
        {
            AnsiConsole.MarkupLine("[red]--by must name who seals[/]");
            return false;
        }
        var host = input.BuildHost();
        try
        {
            var connections = host.Services.GetRequiredService<EventStoreConnections>();
            await EventStoreConfiguration.MigrateAsync(connections.Admin, connections.App);
            var outcome = await host.Services.GetRequiredService<LogSealer>().SealAsync(input.ByFlag,
                new InlineProgress<long>(events => AnsiConsole.MarkupLine($"[grey]{events:N0} events sealed[/]")));
            Console.WriteLine(SealsEndpoints.Describe(outcome));
            return outcome is not SealOutcome.AlreadySealed;
        }
        catch (InvalidOperationException open)
        {
            Console.Error.WriteLine(open.Message);
            return false;
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }
    }
}

/// <summary>
/// <c>dotnet run -- verify</c>: recomputes the digest chain against the stored log. Exit code 0 when intact; 1 with
/// the first sequence that no longer matches (and what is wrong there) printed.
/// </summary>
[Description("Verifies the stored log against its seals; exit code 0 when intact, else prints the first sequence that differs", Name = "verify")]
public sealed class VerifyCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public VerifyCommand()
    {
        Usage("Verify the log against its seals");
    }

    public override async Task<bool> Execute(NetCoreInput input)
    {
        var host = input.BuildHost();
        try
        {
            var connections = host.Services.GetRequiredService<EventStoreConnections>();
            await EventStoreConfiguration.MigrateAsync(connections.Admin, connections.App);
            var verdict = await host.Services.GetRequiredService<LogVerifier>().VerifyAsync();
            if (verdict.FirstProblem is { } first)
            {
                Console.WriteLine($"first differing sequence: {first.Sequence} ({first.Kind})");
                foreach (var problem in verdict.Problems) Console.WriteLine($"  {problem.Sequence}  {problem.Kind}  {problem.Message}");
            }
            Console.WriteLine(verdict.Summary);
            return verdict.Intact;
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }
    }
}
