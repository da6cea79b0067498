using System.Globalization;
using EventWorkbench.Projections;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventWorkbench.Web.Features.Projections;

/// <summary>The projections with their figures, refreshed every second while the page is open, and their rebuilds.</summary>
public sealed partial class ProjectionsPage
{
    private readonly CancellationTokenSource _closed = new();
    private List<ProjectionRow>? _rows;
    private IReadOnlyList<RebuildRecord>? _history;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private bool _busy;
    private DateTimeOffset? _lastFinished;

    [Inject] private ProjectionCatalogue Catalogue { get; set; } = null!;
    [Inject] private ProjectionRebuilds Rebuilds { get; set; } = null!;
    [Inject] private RebuildLog Log { get; set; } = null!;
    [Inject] private ActingPerson Person { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;

    /// <summary>How often an open page reads the figures again.</summary>
    public static TimeSpan Refresh { get; set; } = TimeSpan.FromSeconds(1);

    protected override async Task OnInitializedAsync()
    {
        _rows = RowsFor(await Catalogue.ListAsync(_closed.Token), _rows);
        _history = await Log.ListAsync(cancellationToken: _closed.Token);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive) _ = PollAsync();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(Refresh);
        try
        {
            while (await timer.WaitForNextTickAsync(_closed.Token))
            {
                await ReloadAsync();
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException)
        {
            // The page closed.
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or TimeoutException)
        {
            Show($"The figures stopped refreshing: {ex.Message}. Reload the page to try again.", Severity.Warning);
            await InvokeAsync(StateHasChanged);
        }
    }

    private async Task ReloadAsync()
    {
        var projections = await Catalogue.ListAsync(_closed.Token);
        _rows = RowsFor(projections, _rows);
        // The history changes only when a rebuild ends: read it again then (and while one runs). The latest end is
        // the key, not a count of finished rebuilds: a projection rebuilt again between two refreshes counts the same.
        var finished = projections.Where(p => p.Rebuild is { State: RebuildState.Done }).Max(p => (DateTimeOffset?)p.Rebuild!.UpdatedAt);
        if (finished != _lastFinished || projections.Any(p => p.Rebuild is { State: RebuildState.Running }))
        {
            _lastFinished = finished;
            _history = await Log.ListAsync(cancellationToken: _closed.Token);
        }
    }

    private async Task OnRebuildAsync(ProjectionFigures projection)
    {
        if (await ConfirmAsync($"Rebuild {projection.Name}?",
                $"{projection.Name} is rebuilt from the first event ({projection.HighWaterMark:N0} events). Its documents are deleted first and " +
                "filled again as the rebuild goes; the workbench keeps serving meanwhile.", "Rebuild", askReason: false) is null) return;
        await RunAsync(async by => Describe(projection.Name, await Rebuilds.StartAsync(projection.Name, by, _closed.Token), "Started rebuilding"));
    }

    private async Task OnResumeAsync(ProjectionFigures projection)
    {
        if (await ConfirmAsync($"Resume rebuilding {projection.Name}?",
                projection.Rebuild is { ResumeStartsOver: true }
                    ? "The rebuild stopped before it changed anything, so it starts again from the first event."
                    : $"The rebuild continues from event {projection.Position:N0}, where it stopped.", "Resume", askReason: false) is null) return;
        await RunAsync(async by => Describe(projection.Name, await Rebuilds.ResumeAsync(projection.Name, by, _closed.Token), "Resumed rebuilding"));
    }

    private async Task OnCancelAsync(ProjectionFigures projection)
    {
        if (await ConfirmAsync($"Cancel rebuilding {projection.Name}?",
                "The rebuild stops after the batch in hand; its documents stay as far as it got, and it can be resumed from there.",
                "Cancel the rebuild", askReason: true) is not { } reason) return;
        await RunAsync(async by => await Rebuilds.CancelAsync(projection.Name, by, reason, _closed.Token) switch
        {
            RebuildCancel.Requested => ($"Cancelling the rebuild of {projection.Name}.", Severity.Info),
            RebuildCancel.NotRunning => ($"No rebuild of {projection.Name} is running.", Severity.Warning),
            RebuildCancel.Finishing => ($"The rebuild of {projection.Name} has replayed every event and is finishing; it can no longer be cancelled.", Severity.Warning),
            _ => ($"There is no projection named {projection.Name}.", Severity.Error),
        });
    }

    /// <summary>The MudBlazor confirmation: null when dismissed, else the reason typed (empty when none is asked).</summary>
    private async Task<string?> ConfirmAsync(string title, string message, string confirm, bool askReason)
    {
        var parameters = new DialogParameters<RebuildDialog>
        {
            { d => d.Title, title },
            { d => d.Message, message },
            { d => d.ConfirmText, confirm },
            { d => d.AskReason, askReason },
        };
        var dialog = await Dialogs.ShowAsync<RebuildDialog>(title, parameters, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small });
        var result = await dialog.Result;
        return result is { Canceled: false, Data: string reason } ? reason : null;
    }

    private async Task RunAsync(Func<string, Task<(string Message, Severity Severity)>> action)
    {
        _busy = true;
        try
        {
            var person = await Person.GetAsync();
            var (message, severity) = await action(person.Name);
            Show(message, severity);
            await ReloadAsync();
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException)
        {
            Show($"That did not work: {ex.Message}", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    private static (string, Severity) Describe(string name, RebuildStart start, string verb) => start switch
    {
        RebuildStart.Started started => ($"{verb} {name}: {started.Progress.Total - started.Progress.From:N0} events to read.", Severity.Success),
        RebuildStart.AlreadyRunning => ($"{name} is already rebuilding.", Severity.Warning),
        RebuildStart.Busy busy => (busy.Reason, Severity.Warning),
        RebuildStart.NothingToResume nothing => (nothing.Reason, Severity.Warning),
        _ => ($"There is no projection named {name}.", Severity.Error),
    };

    private void Show(string message, Severity severity) => (_message, _messageSeverity) = (message, severity);

    /// <summary>A running, stopped or failed rebuild shows its bar; a finished one for a minute after (then the history has it).</summary>
    private static bool ShowsProgress([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] RebuildProgress? rebuild) =>
        rebuild is not null && (rebuild.State != RebuildState.Done || DateTimeOffset.UtcNow - rebuild.UpdatedAt < TimeSpan.FromMinutes(1));

    private static Color StateColor(ProjectionStatus state) => state switch
    {
        ProjectionStatus.Running => Color.Success,
        ProjectionStatus.Rebuilding => Color.Info,
        ProjectionStatus.Stopped => Color.Warning,
        _ => Color.Error,
    };

    private static string Took(long ms) => ms < 1_000
        ? $"{ms.ToString(CultureInfo.InvariantCulture)} ms"
        : $"{(ms / 1000.0).ToString("0.0", CultureInfo.InvariantCulture)} s";

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }

    // MudTable keys its rows by item. One row object per projection, kept across refreshes, keeps its row in the page
    // while the figures change, so its buttons keep the focus and a click on its way to the server its target.
    private sealed class ProjectionRow(ProjectionFigures figures)
    {
        public ProjectionFigures Figures { get; set; } = figures;
    }

    private static List<ProjectionRow> RowsFor(IReadOnlyList<ProjectionFigures> projections, List<ProjectionRow>? rows)
    {
        var kept = (rows ?? []).ToDictionary(r => r.Figures.Name);
        return [.. projections.Select(p => kept.TryGetValue(p.Name, out var row) ? Update(row, p) : new ProjectionRow(p))];

        static ProjectionRow Update(ProjectionRow row, ProjectionFigures figures)
        {
            row.Figures = figures;
            return row;
        }
    }
}
