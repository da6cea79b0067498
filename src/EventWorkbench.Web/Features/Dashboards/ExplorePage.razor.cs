using EventWorkbench.Analytics;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace EventWorkbench.Web.Features.Dashboards;

public partial class ExplorePage
{
    public const string StateKey = "explore";

    private IReadOnlyList<ExploreRow> _rows = [];
    private ChartData? _chart;
    private DashboardChoices _choices = DashboardChoices.None;
    private string? _problem;
    private Severity _problemSeverity = Severity.Warning;

    /// <summary>What the prerender loaded, handed to the live page so it does not query again.</summary>
    public sealed record Snapshot(string Address, IReadOnlyList<ExploreRow> Rows, DashboardChoices Choices) : IAddressedSnapshot;

    public ExplorePage() : base(ExploreRequest.Default)
    {
    }

    [Inject] private ExploreQueries Queries { get; set; } = default!;

    [Inject] private DashboardQueries Dashboards { get; set; } = default!;

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    [Inject] private IAuthorizationService Authorization { get; set; } = default!;

    /// <summary>The review queue is for reviewers (and admins): only they get bars that open it.</summary>
    private bool CanOpenQueue { get; set; }

    protected override string HandOffKey => StateKey;

    protected override string AddressPath => ExploreAddress.Path;

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        CanOpenQueue = (await Authorization.AuthorizeAsync(user, Policies.CanCurate)).Succeeded;
        await base.OnInitializedAsync();
    }

    protected override (ExploreRequest Filter, IReadOnlyList<string> Errors) Read(string address) => ExploreAddress.Read(address);

    protected override void ShowAddressProblems(IReadOnlyList<string> errors) =>
        (_problem, _problemSeverity) = errors.Count == 0 ? (null, Severity.Warning)
            : ($"This choice cannot be shown ({string.Join("; ", errors)}); showing proposals by model instead.", Severity.Warning);

    protected override Task<IReadOnlyList<ExploreRow>> QueryAsync(ExploreRequest filter, CancellationToken cancellationToken) =>
        Queries.RunAsync(filter, cancellationToken);

    protected override async Task LoadChoicesAsync()
    {
        try
        {
            _choices = await Dashboards.ChoicesAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (_problem, _problemSeverity) = ($"The filter choices could not be read: {ex.Message}", Severity.Warning);
        }
    }

    protected override void Show(string address, ExploreRequest filter, IReadOnlyList<ExploreRow> page) =>
        (_rows, _chart) = (page, ExploreResult.Chart(filter, page));

    protected override void ShowLoadFailure(Exception exception) =>
        (_problem, _problemSeverity) = ($"The proposals could not be grouped: {exception.Message}", Severity.Error);

    protected override Snapshot? SnapshotToHandOn() => _chart is null ? null : new Snapshot(LoadedAddress, _rows, _choices);

    protected override void Restore(Snapshot snapshot) =>
        (_rows, _chart, _choices) = (snapshot.Rows, ExploreResult.Chart(Filter, snapshot.Rows), snapshot.Choices);

    private static string LowerFirst(string name) => string.Concat(char.ToLowerInvariant(name[0]).ToString(), name.AsSpan(1));

    private void Navigate(ExploreRequest request) => Navigation.NavigateTo(ExploreAddress.For(request));

    private EventCallback<ChartPoint> BarClick => CanOpenQueue ? EventCallback.Factory.Create<ChartPoint>(this, OpenQueue) : default;

    private void OpenQueue(ChartPoint point)
    {
        if (ExploreAddress.QueueFor(Filter, point) is { } queue)
        {
            Navigation.NavigateTo(queue);
            return;
        }
        var missing = point.Label is ChartData.Missing or "" ? Filter.Dimension : Filter.Split ?? Filter.Dimension;
        var name = ExploreResult.DimensionName(missing).ToLowerInvariant();
        (_problem, _problemSeverity) = ($"The review queue cannot show only the proposals without a {name}, so a {ExploreAddress.None} bar opens no queue.", Severity.Info);
    }
}
