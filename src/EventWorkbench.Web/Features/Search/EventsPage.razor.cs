using EventWorkbench.Access;
using EventWorkbench.Search;
using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace EventWorkbench.Web.Features.Search;

public partial class EventsPage
{
    public const string StateKey = "events-search";

    /// <summary>Appends arriving within this time are counted once.</summary>
    public static readonly TimeSpan RefreshDelay = TimeSpan.FromSeconds(1);

    private EventSearchPage? _page;
    private string? _problem;
    private Severity _problemSeverity = Severity.Warning;
    private bool _live;
    private int _refreshScheduled;
    private int _newEvents;

    /// <summary>The highest sequence number when the shown page was read: events after it are new.</summary>
    private long _watermark;

    /// <summary>What the prerender loaded, handed to the live page so it does not query again.</summary>
    public sealed record Snapshot(string Address, EventSearchPage Page, long Watermark) : IAddressedSnapshot;

    public EventsPage() : base(new EventSearchFilter())
    {
    }

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;

    /// <summary>Auditors and admins also find the workbench's own streams (the access and export logs).</summary>
    private bool IncludeWorkbenchStreams { get; set; }

    protected override string HandOffKey => StateKey;

    protected override string AddressPath => EventsAddress.Path;

    private string NewEventsText => _newEvents >= EventSearch.MaxNewCounted
        ? $"{EventSearch.MaxNewCounted}+ new events match"
        : _newEvents == 1 ? "1 new event matches" : $"{_newEvents} new events match";

    protected override async Task OnInitializedAsync()
    {
        var user = (await Authentication.GetAuthenticationStateAsync()).User;
        IncludeWorkbenchStreams = user.IsInRole(AccessRoles.Auditor) || user.IsInRole(AccessRoles.Admin);
        await base.OnInitializedAsync();
    }

    protected override (EventSearchFilter Filter, IReadOnlyList<string> Errors) Read(string address) =>
        EventsAddress.Read(address, IncludeWorkbenchStreams);

    protected override void ShowAddressProblems(IReadOnlyList<string> errors) =>
        (_problem, _problemSeverity) = errors.Count == 0 ? (null, Severity.Warning)
            : ($"This search cannot be run ({string.Join("; ", errors)}); showing the newest events instead.", Severity.Warning);

    protected override async Task<EventSearchPage> QueryAsync(EventSearchFilter filter, CancellationToken cancellationToken)
    {
        // Read before the page, so an event appended in between counts as new rather than going unseen.
        _watermark = await Search.LatestSequenceAsync(cancellationToken);
        return await Search.SearchAsync(filter, cancellationToken);
    }

    protected override void Show(string address, EventSearchFilter filter, EventSearchPage page) => (_page, _newEvents) = (page, 0);

    protected override void ShowLoadFailure(Exception exception)
    {
        _page = new EventSearchPage([], Filter.PageSize, null, null);
        (_problem, _problemSeverity) = ($"The events could not be searched: {exception.Message}", Severity.Error);
    }

    protected override Snapshot? SnapshotToHandOn() => _page is { } page ? new Snapshot(LoadedAddress, page, _watermark) : null;

    protected override void Restore(Snapshot snapshot) => (_page, _watermark) = (snapshot.Page, snapshot.Watermark);

    // Only an interactive page hears of appends; a prerendered one does not claim to be live.
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        Notifications.StreamAppended += OnStreamAppended;
        _live = true;
        StateHasChanged();
    }

    // Raised on a notification thread for every append: one count per burst, the shown rows left where they are.
    private void OnStreamAppended(string streamId)
    {
        if (Filter.Stream is { } stream && !string.Equals(stream, streamId, StringComparison.Ordinal)) return;
        if (Interlocked.Exchange(ref _refreshScheduled, 1) == 1) return;
        _ = InvokeAsync(async () =>
        {
            await Task.Delay(RefreshDelay);
            Interlocked.Exchange(ref _refreshScheduled, 0);
            if (Loading || !_live) return;
            try
            {
                _newEvents = await Search.CountNewerAsync(Filter, _watermark);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                (_problem, _problemSeverity) = ($"New events could not be counted: {ex.Message}", Severity.Warning);
            }
            StateHasChanged();
        });
    }

    private async Task ShowNewest()
    {
        var newest = EventsAddress.For(Filter with { Before = null, After = null });
        if (newest == LoadedAddress) await LoadAsync(newest, quietly: true);
        else Navigation.NavigateTo(newest);
    }

    private void Navigate(EventSearchFilter filter) =>
        Navigation.NavigateTo(EventsAddress.For(filter with { Before = null, After = null }));

    public override ValueTask DisposeAsync()
    {
        _live = false;
        Notifications.StreamAppended -= OnStreamAppended;
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }
}
