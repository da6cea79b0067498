using EventWorkbench.Erasure;
using EventWorkbench.Storage;
using EventWorkbench.Web.Hosting;
using JasperFx.CommandLine;

namespace EventWorkbench.Web.Features.Erasure;

public sealed class EraseSubjectInput : NetCoreInput
{
    [Description("The data subject's id (the subjectId of its interaction_started events)")]
    public string SubjectId { get; set; } = "";

    [Description("Why the subject is erased (kept on the record, at most 2,000 characters)")]
    public string ReasonFlag { get; set; } = "";

    [Description("Who erases (recorded on the subject_erased event)")]
    public string ByFlag { get; set; } = Environment.UserName;
}

/// <summary>
/// <c>dotnet run -- erase-subject &lt;subjectId&gt; --reason "..."</c>: erases a data subject as the schema owner, as the
/// admin page and <c>POST /api/subjects/{subjectId}/erase</c> do. Exit code 0 when erased (or erased before), 1 for an
/// unknown subject or input that is not valid.
/// </summary>
[Description("Erases a data subject's personal data (irreversible): destroys its keys, folds its streams again, rewrites the tables", Name = "erase-subject")]
public sealed class EraseSubjectCommand : JasperFxAsyncCommand<EraseSubjectInput>
{
    public EraseSubjectCommand()
    {
        Usage("Erase a data subject, saying why").Arguments(x => x.SubjectId).ValidFlags(x => x.ReasonFlag, x => x.ByFlag);
    }

    public override async Task<bool> Execute(EraseSubjectInput input)
    {
        var host = input.BuildHost();
        try
        {
            var connections = host.Services.GetRequiredService<EventStoreConnections>();
            await EventStoreConfiguration.MigrateAsync(connections.Admin, connections.App);
            var erasure = host.Services.GetRequiredService<SubjectErasure>();
            var completed = await erasure.CompletePendingAsync();
            if (completed > 0) Console.WriteLine($"Completed {ErasureRuns.Count(completed, "interrupted erasure")} first.");

            var outcome = await erasure.EraseAsync(new ErasureRequest(input.SubjectId, input.ByFlag, input.ReasonFlag));
            var message = ErasureRuns.Describe(outcome);
            if (outcome is ErasureOutcome.Erased or ErasureOutcome.AlreadyErased) Console.WriteLine(message);
            else Console.Error.WriteLine(outcome is ErasureOutcome.Invalid ? $"Not valid; nothing was erased: {message}" : message);
            return outcome is ErasureOutcome.Erased or ErasureOutcome.AlreadyErased;
        }
        finally
        {
            if (host is IAsyncDisposable disposable) await disposable.DisposeAsync();
            else host.Dispose();
        }
    }
}
