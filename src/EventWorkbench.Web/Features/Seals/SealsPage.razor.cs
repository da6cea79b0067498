using EventWorkbench.Audit;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace EventWorkbench.Web.Features.Seals;

public sealed partial class SealsPage
{
    private readonly CancellationTokenSource _closed = new();
    private IReadOnlyList<Seal>? _seals;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private VerifyProgress? _progress;
    private SealVerdict? _verdict;
    private bool _busy;
    private DateTime _lastProgressRender;

    [Inject] private SealLog Log { get; set; } = null!;
    [Inject] private LogSealer Sealer { get; set; } = null!;
    [Inject] private LogVerifier Verifier { get; set; } = null!;
    [Inject] private ActingPerson Person { get; set; } = null!;

    protected override async Task OnInitializedAsync() => _seals = await Log.ListAsync(_closed.Token);

    private async Task OnSealAsync()
    {
        await RunAsync(async () =>
        {
            var person = await Person.GetAsync();
            var outcome = await Sealer.SealAsync(person.Name, cancellationToken: _closed.Token);
            Show(SealsEndpoints.Describe(outcome), outcome is SealOutcome.AlreadySealed ? Severity.Warning : Severity.Success);
            _seals = await Log.ListAsync(_closed.Token);
        });
    }

    private async Task OnVerifyAsync()
    {
        _verdict = null;
        _message = null;
        await RunAsync(async () =>
        {
            _progress = new VerifyProgress(0, _seals is { Count: > 0 } seals ? seals[^1].ToSequence : 0);
            var progress = new Progress<VerifyProgress>(ShowProgress);
            _verdict = await Task.Run(() => Verifier.VerifyAsync(progress, _closed.Token), _closed.Token);
        });
        _progress = null;
    }

    private async Task OnCopyChosenAsync(InputFileChangeEventArgs chosen)
    {
        await RunAsync(async () =>
        {
            if (chosen.File.Size > SealCopy.MaxBytes)
            {
                Show($"{chosen.File.Name} is not a kept copy of a seal: a copy is at most {SealCopy.MaxBytes:N0} bytes.", Severity.Warning);
                return;
            }
            string json;
            await using (var stream = chosen.File.OpenReadStream(SealCopy.MaxBytes, _closed.Token))
            using (var reader = new StreamReader(stream))
            {
                json = await reader.ReadToEndAsync(_closed.Token);
            }
            var (copy, error) = SealCopy.Read(json);
            if (copy is null)
            {
                Show($"{chosen.File.Name}: {error}", Severity.Warning);
                return;
            }
            var verdict = KeptCopyCheck.Check(copy, await Log.FindAsync(copy.Number, _closed.Token));
            Show(verdict.Message, verdict.Matches ? Severity.Success : Severity.Error);
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or IOException)
        {
            Show($"That did not work: {ex.Message}", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private void ShowProgress(VerifyProgress progress)
    {
        if (_verdict is not null) return;
        _progress = progress;
        if (DateTime.UtcNow - _lastProgressRender < TimeSpan.FromMilliseconds(200)) return;
        _lastProgressRender = DateTime.UtcNow;
        _ = InvokeAsync(StateHasChanged);
    }

    private void Show(string message, Severity severity) => (_message, _messageSeverity) = (message, severity);

    private static double Percent(VerifyProgress progress) =>
        progress.SealedThrough == 0 ? 0 : 100.0 * progress.Sequence / progress.SealedThrough;

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }
}
