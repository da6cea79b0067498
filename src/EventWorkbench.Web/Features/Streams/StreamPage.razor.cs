using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using Microsoft.AspNetCore.Components;

namespace EventWorkbench.Web.Features.Streams;

public partial class StreamPage
{
    private readonly CancellationTokenSource _disposed = new();
    private List<StoredEvent> _events = [];
    private InteractionSummary? _summary;
    private string? _shownStreamId;
    private long _loadedVersion;
    private bool _loading = true;
    private bool _live;
    private string? _problem;
    private PersistingComponentStateSubscription _persisting;

    public const string StateKey = "stream-page";

    /// <summary>Longer streams are read again by the live page rather than held in memory for the hand-over.</summary>
    public const int MaxEventsHandedOn = 1000;

    /// <summary>What the prerender loaded, handed to the live page so it does not blank the events and read them again.</summary>
    public sealed record Snapshot(string StreamId, List<StoredEvent> Events, InteractionSummary? Summary);

    [Parameter] public string StreamId { get; set; } = "";

    /// <summary>The link to a stream's page, for any stream id (ids are the callers' own strings).</summary>
    public static string HrefFor(string streamId) => $"streams/{Uri.EscapeDataString(streamId)}";

    protected override void OnInitialized()
    {
        Notifications.StreamAppended += OnStreamAppended;
        _persisting = HandOff.OnPersisting(Persist);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (StreamId == _shownStreamId) return;
        if (HandOff.TryTake<Snapshot>(StateKey, out var snapshot) && snapshot?.StreamId == StreamId)
        {
            (_shownStreamId, _events, _summary, _loadedVersion, _loading, _problem) = (StreamId, snapshot.Events, snapshot.Summary, 0, false, null);
            _loadedVersion = _events.Count == 0 ? 0 : _events[^1].Version;
            await RefreshAsync(); // what was appended between the prerender and now, marked new
        }
        else
        {
            (_shownStreamId, _events, _summary, _loadedVersion, _loading, _problem) = (StreamId, [], null, 0, true, null);
            await RefreshAsync();
            _loadedVersion = _events.Count == 0 ? 0 : _events[^1].Version;
            _loading = false;
        }
        if (IsUnknown) NotFound.Report(Unknown);
    }

    private bool IsUnknown => !_loading && _problem is null && _summary is null && _events.Count == 0;

    private NotFoundReason Unknown => new("Stream not found", $"There is no stream '{StreamId}'.", Trail.Address, "Back to the streams");

    private Task Persist()
    {
        if (!_loading && _problem is null && _events.Count <= MaxEventsHandedOn)
            HandOff.Persist(StateKey, new Snapshot(StreamId, _events, _summary));
        return Task.CompletedTask;
    }

    // Only an interactive page hears of appends; a prerendered one does not claim to be live.
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        _live = true;
        StateHasChanged();
    }

    // Raised on a notification thread, for any stream: only this page's stream matters.
    private void OnStreamAppended(string streamId)
    {
        if (!string.Equals(streamId, _shownStreamId, StringComparison.Ordinal)) return;
        _ = InvokeAsync(async () =>
        {
            await RefreshAsync();
            StateHasChanged();
        });
    }

    // Reads what is newer than what is shown and adds it; safe to overlap, events are never shown twice.
    private async Task RefreshAsync()
    {
        var streamId = StreamId;
        if (_disposed.IsCancellationRequested) return;
        try
        {
            var from = _events.Count == 0 ? 0 : _events[^1].Version + 1;
            var fresh = await Queries.EventsAsync(streamId, from, cancellationToken: _disposed.Token);
            var summary = await Queries.GetAsync(streamId, _disposed.Token);
            if (streamId != _shownStreamId) return;
            var shown = _events.Count == 0 ? 0 : _events[^1].Version;
            _events.AddRange(fresh.Where(e => e.Version > shown));
            if (summary is not null && (_summary is null || summary.EventCount >= _summary.EventCount)) _summary = summary;
            _problem = null;
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _problem = $"The events of this stream could not be loaded: {ex.Message}";
        }
    }

    public void Dispose()
    {
        _persisting.Dispose();
        Notifications.StreamAppended -= OnStreamAppended;
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }
}
