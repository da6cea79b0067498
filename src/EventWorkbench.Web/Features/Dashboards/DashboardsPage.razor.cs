using EventWorkbench.Analytics;
using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace EventWorkbench.Web.Features.Dashboards;

public partial class DashboardsPage
{
    public const string StateKey = "dashboards";

    /// <summary>Appends arriving within this time refresh the charts once (the projections catch up meanwhile).</summary>
    public static readonly TimeSpan RefreshDelay = TimeSpan.FromSeconds(2);

    /// <summary>The charts are read again this often while nothing is appended, so a rebuild of the read models shows too.</summary>
    public static readonly TimeSpan IdleRefresh = TimeSpan.FromSeconds(30);

    private DashboardCharts? _charts;
    private DashboardChoices _choices = DashboardChoices.None;
    private string? _problem;
    private Severity _problemSeverity = Severity.Warning;
    private bool _live;
    private int _refreshScheduled;
    private Timer? _idleTimer;

    /// <summary>What the prerender loaded, handed to the live page so it does not query again.</summary>
    public sealed record Snapshot(string Address, DashboardCharts Charts, DashboardChoices Choices) : IAddressedSnapshot;

    public DashboardsPage() : base(new DashboardView())
    {
    }

    [Inject] private DashboardQueries Queries { get; set; } = default!;

    [Inject] private AppendNotifications Notifications { get; set; } = default!;

    protected override string HandOffKey => StateKey;

    protected override string AddressPath => DashboardAddress.Path;

    protected override (DashboardView Filter, IReadOnlyList<string> Errors) Read(string address) => DashboardAddress.ReadView(address);

    protected override void ShowAddressProblems(IReadOnlyList<string> errors) =>
        (_problem, _problemSeverity) = errors.Count == 0 ? (null, Severity.Warning)
            : ($"These filters cannot be applied ({string.Join("; ", errors)}); showing everything instead.", Severity.Warning);

    protected override Task<DashboardFigures> QueryAsync(DashboardView view, CancellationToken cancellationToken) =>
        Queries.LoadAsync(view.Filter, cancellationToken);

    protected override async Task LoadChoicesAsync()
    {
        try
        {
            _choices = await Queries.ChoicesAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (_problem, _problemSeverity) = ($"The filter choices could not be read: {ex.Message}", Severity.Warning);
        }
    }

    protected override void Show(string address, DashboardView view, DashboardFigures page) => _charts = DashboardCharts.From(page, view.Per);

    protected override void ShowLoadFailure(Exception exception) =>
        (_problem, _problemSeverity) = ($"The dashboards could not be read: {exception.Message}", Severity.Error);

    protected override Snapshot? SnapshotToHandOn() => _charts is { } charts ? new Snapshot(LoadedAddress, charts, _choices) : null;

    protected override void Restore(Snapshot snapshot) => (_charts, _choices) = (snapshot.Charts, snapshot.Choices);

    // Only an interactive page hears of appends; a prerendered one does not claim to be live.
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        Notifications.StreamAppended += OnStreamAppended;
        _idleTimer = new Timer(_ => ScheduleRefresh(TimeSpan.Zero), null, IdleRefresh, IdleRefresh);
        _live = true;
        StateHasChanged();
    }

    private void OnStreamAppended(string streamId) => ScheduleRefresh(RefreshDelay);

    // One refresh per burst, read quietly (the charts stay while it loads).
    private void ScheduleRefresh(TimeSpan delay)
    {
        if (Interlocked.Exchange(ref _refreshScheduled, 1) == 1) return;
        _ = InvokeAsync(async () =>
        {
            await Task.Delay(delay);
            Interlocked.Exchange(ref _refreshScheduled, 0);
            if (Loading || !_live) return;
            await LoadChoicesAsync();
            await LoadAsync(LoadedAddress, quietly: true);
            StateHasChanged();
        });
    }

    private void Navigate(DashboardView view) => Navigation.NavigateTo(DashboardAddress.For(view));

    public override async ValueTask DisposeAsync()
    {
        _live = false;
        Notifications.StreamAppended -= OnStreamAppended;
        if (_idleTimer is not null) await _idleTimer.DisposeAsync();
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
    }
}
