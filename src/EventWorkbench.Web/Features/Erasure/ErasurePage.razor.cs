using EventWorkbench.Erasure;
using EventWorkbench.Ingest;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventWorkbench.Web.Features.Erasure;

/// <summary>Looks a data subject up (the subject is in the address), erases it once confirmed, and lists the erasures.</summary>
public sealed partial class ErasurePage
{
    private readonly CancellationTokenSource _closed = new();
    private string _subjectInput = "";
    private string _reason = "";
    private string? _loadedSubject;
    private ErasurePreview? _preview;
    private IReadOnlyList<KnownSubject> _startingWith = [];
    private IReadOnlyList<SubjectErasureJob>? _jobs;
    private string? _lookupProblem;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private bool _running;
    private string? _runningSubject;

    [Inject] private ErasureRuns Erasures { get; set; } = null!;
    [Inject] private SubjectDirectory Subjects { get; set; } = null!;
    [Inject] private ActingPerson Person { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "subject")] public string? Subject { get; set; }

    public static string HrefFor(string subjectId) => $"erasure?subject={Uri.EscapeDataString(subjectId)}";

    protected override async Task OnInitializedAsync() => await RunAsync(async () => _jobs = await Erasures.ListAsync(_closed.Token));

    protected override async Task OnParametersSetAsync()
    {
        var subject = Subject?.Trim() ?? "";
        if (subject == _loadedSubject) return;
        _subjectInput = subject;
        await LookUpAsync(subject);
    }

    private async Task OnLookUpAsync()
    {
        var subject = _subjectInput.Trim();
        _message = null;
        if (subject == (Subject?.Trim() ?? "")) await LookUpAsync(subject); // the same address: look again
        else Navigation.NavigateTo(subject.Length == 0 ? "erasure" : HrefFor(subject));
    }

    private async Task LookUpAsync(string subject)
    {
        _loadedSubject = subject;
        _preview = null;
        _startingWith = [];
        _lookupProblem = null;
        if (subject.Length == 0) return;
        if (Ids.Problem(subject) is { } problem)
        {
            _lookupProblem = $"That is not a subject id: it {problem}.";
            return;
        }
        await RunAsync(async () =>
        {
            _preview = await Erasures.PreviewAsync(subject, _closed.Token);
            if (!_preview.Known) _startingWith = await Subjects.StartingWithAsync(subject, SubjectsStartingWith.Shown + 1, _closed.Token);
        });
    }

    private async Task OnEraseAsync()
    {
        if (_preview is not { } preview || string.IsNullOrWhiteSpace(_reason)) return;
        var reason = _reason.Trim();
        var parameters = new DialogParameters<EraseDialog> { { d => d.Preview, preview }, { d => d.Reason, reason } };
        var dialog = await Dialogs.ShowAsync<EraseDialog>($"Erase data subject {preview.SubjectId}?", parameters,
            new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small });
        if (await dialog.Result is not { Canceled: false }) return;

        (_running, _runningSubject, _message) = (true, preview.SubjectId, null);
        StateHasChanged();
        try
        {
            await RunAsync(async () =>
            {
                var person = await Person.GetAsync();
                var outcome = await Erasures.EraseAsync(new ErasureRequest(preview.SubjectId, person.Name, reason), _closed.Token);
                Show(outcome is ErasureOutcome.Invalid invalid ? $"Not erased: {ErasureRuns.Describe(invalid)}" : ErasureRuns.Describe(outcome), outcome switch
                {
                    ErasureOutcome.Erased => Severity.Success,
                    ErasureOutcome.AlreadyErased => Severity.Info,
                    _ => Severity.Warning,
                });
                if (outcome is ErasureOutcome.Erased) _reason = "";
                _preview = await Erasures.PreviewAsync(preview.SubjectId, _closed.Token);
                _jobs = await Erasures.ListAsync(_closed.Token);
            });
        }
        finally
        {
            _running = false;
        }
    }

    private async Task RunAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or TimeoutException)
        {
            Show($"That did not work: {ex.Message}", Severity.Error);
        }
    }

    private static bool AlreadyErased(ErasurePreview preview) => preview.LiveKeys == 0 && preview.Earlier is { Done: true } && !preview.LeftSinceErasure;

    private void Show(string message, Severity severity) => (_message, _messageSeverity) = (message, severity);

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }
}
