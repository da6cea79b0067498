using System.Globalization;
using EventWorkbench.History;
using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace EventWorkbench.Web.Features.Streams;

/// <summary>
/// A stream's history, one event at a time: the version shown is in the address (<c>?version=N</c>, the last when
/// absent), with the page of events holding it, the interaction's state as of then and what that event changed.
/// </summary>
public partial class StreamPage
{
    private readonly CancellationTokenSource _disposed = new();
    private StreamView? _view;
    private string? _shownStreamId;
    private long? _requested;
    private long _loadedVersion;
    private long _scrolledTo;
    private int _loadTicket;
    private bool _loading = true;
    private bool _live;
    private string? _problem;
    private string? _stepMessage;
    private PageKeys<StreamPage>? _keys;
    private PersistingComponentStateSubscription _persisting;

    public const string StateKey = "stream-page";

    /// <summary>What the prerender loaded for the version asked for (and what it said of it), handed to the live page so it does not read it again.</summary>
    public sealed record Snapshot(string StreamId, long? Requested, StreamView View, string? StepMessage = null);

    [Parameter] public string StreamId { get; set; } = "";

    /// <summary>The version in the address, as written; read by <see cref="ReadVersion"/>.</summary>
    [SupplyParameterFromQuery(Name = "version")] public string? VersionText { get; set; }

    /// <summary>The link to a stream's page, for any stream id (ids are the callers' own strings).</summary>
    public static string HrefFor(string streamId) => $"streams/{Uri.EscapeDataString(streamId)}";

    /// <summary>The link to one step of a stream's history.</summary>
    public static string HrefFor(string streamId, long version) => $"{HrefFor(streamId)}?version={version.ToString(CultureInfo.InvariantCulture)}";

    private string VersionHref(long version) => HrefFor(StreamId, version);

    protected override void OnInitialized()
    {
        Notifications.StreamAppended += OnStreamAppended;
        _persisting = HandOff.OnPersisting(Persist);
    }

    protected override async Task OnParametersSetAsync()
    {
        var (requested, addressProblem) = ReadVersion(VersionText);
        if (StreamId != _shownStreamId)
        {
            (_shownStreamId, _requested, _problem, _stepMessage) = (StreamId, requested, null, null);
            if (HandOff.TryTake<Snapshot>(StateKey, out var snapshot) && snapshot?.StreamId == StreamId && snapshot.Requested == requested)
            {
                (_view, _loading, _loadedVersion, _stepMessage) = (snapshot.View, false, snapshot.View.Extent.LastVersion, snapshot.StepMessage);
                await RefreshAsync(); // what was appended between the prerender and now, marked new
            }
            else
            {
                (_view, _loading) = (null, true);
                await LoadAsync(requested);
                _loadedVersion = _view?.Extent.LastVersion ?? 0;
                _loading = false;
            }
            if (IsUnknown) NotFound.Report(Unknown);
        }
        else if (requested != _requested)
        {
            _requested = requested;
            await LoadAsync(requested);
        }
        if (addressProblem is not null) _stepMessage = addressProblem;
    }

    /// <summary>The version asked for in the address; null (the last) when absent or unreadable, with what is wrong.</summary>
    private static (long? Version, string? Problem) ReadVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        if (long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) && version >= 1) return (version, null);
        return (null, $"The address asks for version '{text}', which is not a version (a whole number from 1): showing the last event.");
    }

    private bool IsUnknown => !_loading && _problem is null && _view is null;

    private NotFoundReason Unknown => new("Stream not found", $"There is no stream '{StreamId}'.", Trail.Address, "Back to the streams");

    // Reads the step asked for; the extent, summary and corrections are read again only for another stream (appends refresh them).
    private async Task LoadAsync(long? requested)
    {
        var ticket = ++_loadTicket;
        var streamId = StreamId;
        var token = _disposed.Token;
        try
        {
            var shown = _view is { } view && view.StreamId == streamId ? view : null;
            var extent = shown?.Extent ?? await History.ExtentAsync(streamId, token);
            if (extent is null)
            {
                if (ticket == _loadTicket) (_view, _problem) = (null, null);
                return;
            }
            var version = requested ?? extent.LastVersion;
            string? message = null;
            if (version > extent.LastVersion)
            {
                message = $"There is no version {version}: this stream has versions 1 to {extent.LastVersion}. Showing the last event.";
                version = extent.LastVersion;
            }
            // The step, the page of events, the summary and the corrections are independent reads: made side by side.
            var stepRead = History.StepAsync(streamId, version, token);
            var pageStart = StreamView.PageStart(version);
            var eventsRead = shown is not null && shown.FirstVersion == pageStart
                ? Task.FromResult<IReadOnlyList<StoredEvent>>(shown.Events)
                : Queries.EventsAsync(streamId, pageStart, pageStart + StreamView.PageSize - 1, token);
            var summaryRead = shown is null ? Queries.GetAsync(streamId, token) : Task.FromResult(shown.Summary);
            var correctionsRead = shown is null ? History.CorrectionsAsync(streamId, token) : Task.FromResult(shown.Corrections);
            await Task.WhenAll(stepRead, eventsRead, summaryRead, correctionsRead);
            var (step, events, summary, corrections) = (stepRead.Result, eventsRead.Result, summaryRead.Result, correctionsRead.Result);
            if (ticket != _loadTicket || streamId != StreamId) return; // a later step has been asked for meanwhile
            if (step is null)
            {
                _problem = $"Version {version} of this stream could not be read.";
                return;
            }
            (_view, _stepMessage, _problem) = (new StreamView(streamId, extent, summary, [.. events], step, corrections), message, null);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            if (ticket == _loadTicket) _problem = $"The events of this stream could not be loaded: {ex.Message}";
        }
    }

    // Reads what was appended since: the extent, summary and corrections, and new events on the page shown when it has room.
    private async Task RefreshAsync()
    {
        var streamId = StreamId;
        if (_disposed.IsCancellationRequested || _view is not { } view) return;
        try
        {
            var extent = await History.ExtentAsync(streamId, _disposed.Token);
            var summary = await Queries.GetAsync(streamId, _disposed.Token);
            var corrections = await History.CorrectionsAsync(streamId, _disposed.Token);
            var pageEnd = view.FirstVersion + StreamView.PageSize - 1;
            var shownUpTo = view.Events.Count == 0 ? view.FirstVersion - 1 : view.Events[^1].Version;
            var fresh = shownUpTo < pageEnd
                ? await Queries.EventsAsync(streamId, shownUpTo + 1, pageEnd, _disposed.Token)
                : [];
            if (streamId != _shownStreamId || _view is not { } current || current.FirstVersion != view.FirstVersion || extent is null) return;
            var shown = current.Events.Count == 0 ? 0 : current.Events[^1].Version;
            var events = new List<StoredEvent>(current.Events);
            events.AddRange(fresh.Where(e => e.Version > shown));
            var latestSummary = summary is not null && (current.Summary is null || summary.EventCount >= current.Summary.EventCount) ? summary : current.Summary;
            var latestExtent = extent.LastVersion >= current.Extent.LastVersion ? extent : current.Extent;
            _view = current with { Extent = latestExtent, Summary = latestSummary, Events = events, Corrections = corrections };
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

    private Task Persist()
    {
        if (!_loading && _problem is null && _view is not null) HandOff.Persist(StateKey, new Snapshot(StreamId, _requested, _view, _stepMessage));
        return Task.CompletedTask;
    }

    private void GoTo(long version)
    {
        if (_view is null) return;
        Navigation.NavigateTo(VersionHref(Math.Clamp(version, 1, _view.Extent.LastVersion)));
    }

    private async Task GoToTimeAsync(DateTimeOffset at)
    {
        if (_view is null) return;
        var extent = _view.Extent;
        if (at < extent.FirstAt)
        {
            _stepMessage = $"{Precise(at)} is before this stream's first event ({Precise(extent.FirstAt)}).";
            return;
        }
        if (at > extent.LastAt)
        {
            _stepMessage = $"{Precise(at)} is after this stream's last event ({Precise(extent.LastAt)}).";
            return;
        }
        try
        {
            GoTo(await History.VersionAtAsync(StreamId, at, _disposed.Token));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _stepMessage = $"The version at {Precise(at)} could not be read: {ex.Message}";
        }
    }

    private void ShowStepProblem(string message) => _stepMessage = message;

    private static string Precise(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.ffffff 'UTC'", CultureInfo.InvariantCulture);

    [JSInvokable]
    public Task OnKey(string key) => InvokeAsync(() =>
    {
        if (_view is not { } view) return;
        var version = view.Step.Event.Version;
        switch (key)
        {
            case "ArrowLeft" when version > 1: GoTo(version - 1); break;
            case "ArrowRight" when version < view.Extent.LastVersion: GoTo(version + 1); break;
            case "Home" when version > 1: GoTo(1); break;
            case "End" when version < view.Extent.LastVersion: GoTo(view.Extent.LastVersion); break;
        }
    });

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _live = true; // only an interactive page hears of appends; a prerendered one does not claim to be live
            _keys = Keys.For(this);
            await _keys.AttachAsync();
            StateHasChanged();
            return;
        }
        // A step asked for by address, key or link brings its event into view.
        if (_view is { } view && VersionText is not null && view.Step.Event.Version != _scrolledTo && await Keys.ModuleAsync() is { } keys)
        {
            _scrolledTo = view.Step.Event.Version;
            await keys.InvokeVoidAsync("scrollCurrent");
        }
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

    public async ValueTask DisposeAsync()
    {
        _persisting.Dispose();
        Notifications.StreamAppended -= OnStreamAppended;
        await _disposed.CancelAsync();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
        if (_keys is not null) await _keys.DisposeAsync();
    }
}
