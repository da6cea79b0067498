using EventWorkbench.Review;
using EventWorkbench.Review.Delta;
using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace EventWorkbench.Web.Features.Review;

public partial class ReviewPage
{
    private ProposalReview? _review;
    private string? _final;
    private TextDelta? _delta;
    private bool _inline = true;
    private bool _ignoreWhitespace;
    private bool _loaded;
    private string? _error;
    private string? _keyMessage;
    private Severity _keySeverity;
    private PageKeys<ReviewPage>? _keys;
    private PersistingComponentStateSubscription _persisting;

    public const string StateKey = "review-page";

    /// <summary>What the prerender loaded, handed to the live page so it neither queries again nor flashes "Loading".</summary>
    public sealed record Snapshot(string StreamId, string ProposalId, ProposalReview? Review);

    [Parameter] public string StreamId { get; set; } = "";

    [Parameter] public string ProposalId { get; set; } = "";

    public static string HrefFor(string streamId, string proposalId) =>
        $"review/{Uri.EscapeDataString(streamId)}/{Uri.EscapeDataString(proposalId)}";

    protected override void OnInitialized() => _persisting = HandOff.OnPersisting(Persist);

    protected override Task OnParametersSetAsync()
    {
        if (HandOff.TryTake<Snapshot>(StateKey, out var snapshot) && snapshot is not null
            && snapshot.StreamId == StreamId && snapshot.ProposalId == ProposalId)
        {
            Show(snapshot.Review);
            return Task.CompletedTask;
        }
        return LoadAsync();
    }

    private Task Persist()
    {
        if (_loaded && _error is null) HandOff.Persist(StateKey, new Snapshot(StreamId, ProposalId, _review));
        return Task.CompletedTask;
    }

    private async Task LoadAsync()
    {
        var (streamId, proposalId) = (StreamId, ProposalId);
        try
        {
            var review = await Queries.GetAsync(streamId, proposalId);
            if ((streamId, proposalId) == (StreamId, ProposalId)) Show(review); // else a newer address is loading
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (_error, _loaded) = ($"The proposal could not be loaded: {ex.Message}", true);
        }
    }

    private void Show(ProposalReview? review)
    {
        (_review, _error, _loaded) = (review, null, true);
        if (review is not null) Trail.Opened(StreamId, ProposalId);
        else NotFound.Report(Unknown);
        Compare();
    }

    private NotFoundReason Unknown =>
        new("Proposal not found", $"There is no proposal '{ProposalId}' in stream '{StreamId}'.", Trail.Address, "Back to the review queue");

    private void Compare()
    {
        if (_review is null) return;
        _final = _review.FinalContent; // as the API and the stored metrics: edits after a rejection are steps, not a final version
        _delta = ProposalDelta.Comparable(_review.AiContent, _final)
            ? DeltaEngine.CompareForReading(_review.AiContent, _final, _review.ContentType == ContentType.Json, _ignoreWhitespace)
            : null;
    }

    private void OnLayoutChanged(bool inline) => _inline = inline;

    private void OnWhitespaceChanged(bool ignore)
    {
        _ignoreWhitespace = ignore;
        Compare();
    }

    private Task OnReload(bool _) => LoadAsync();

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _keys = Keys.For(this);
        await _keys.AttachAsync();
        StateHasChanged();
    }

    /// <summary>j/k step through the queue this proposal was opened from; i/x label it. Public so tests can drive it.</summary>
    [JSInvokable]
    public Task OnKey(string key) => InvokeAsync(async () =>
    {
        switch (key)
        {
            case "j" or "k":
                await StepAsync(key == "j" ? 1 : -1);
                break;
            case "i" or "x" when _review is not null && (_review.StreamId, _review.ProposalId) == (StreamId, ProposalId):
                await LabelAsync(key == "i" ? CurationVerdict.Include : CurationVerdict.Exclude);
                break;
            case "i" or "x" when _review is not null:
                (_keyMessage, _keySeverity) = ("This proposal is still loading: press the key again once it shows.", Severity.Info);
                break;
        }
        StateHasChanged();
    });

    private async Task StepAsync(int by)
    {
        if (await Trail.StepAsync(StreamId, ProposalId, by) is { } next)
        {
            _keyMessage = null;
            Navigation.NavigateTo(HrefFor(next.StreamId, next.ProposalId));
            return;
        }
        (_keyMessage, _keySeverity) = Trail.Position(StreamId, ProposalId) is null
            ? ("Open this proposal from the review queue to step through the queue with j and k.", Severity.Info)
            : (by > 0 ? "This is the last proposal in the queue." : "This is the first proposal in the queue.", Severity.Info);
    }

    private async Task LabelAsync(CurationVerdict verdict)
    {
        var result = await Curating.CurateAsync(SeenProposal.Of(_review!), new NewLabel(verdict));
        (_keyMessage, _keySeverity) = (result.Message, ReviewMessages.SeverityOf(result));
        if (result.Outcome is not CurationResult.Kind.NotAllowed) await LoadAsync();
    }

    public async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        _persisting.Dispose();
        if (_keys is not null) await _keys.DisposeAsync();
    }
}
