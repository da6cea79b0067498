using EventWorkbench.Review;
using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace EventWorkbench.Web.Features.Review;

public partial class ReviewQueuePage
{
    public const string StateKey = "review-queue";

    private IReadOnlyList<string> _products = [];
    private List<ReviewQueueRow> _rows = [];
    private ProposalCounts? _counts;
    private long _total;
    private int _selected = -1;
    private SelectAfterLoad _selectAfterLoad = SelectAfterLoad.First;
    private string? _message;
    private string? _loadProblem;
    private Severity _loadProblemSeverity = Severity.Warning;
    private Severity _messageSeverity = Severity.Info;
    private PageKeys<ReviewQueuePage>? _keys;

    private enum SelectAfterLoad { First, Last }

    /// <summary>What the prerender loaded, handed to the live page so it does not query again.</summary>
    public sealed record Snapshot(string Address, IReadOnlyList<ReviewQueueRow> Rows, long Total, ProposalCounts Counts, IReadOnlyList<string> Products)
        : IAddressedSnapshot;

    public ReviewQueuePage() : base(new ProposalFilter())
    {
    }

    protected override string HandOffKey => StateKey;

    protected override string AddressPath => ReviewQueueAddress.Path;

    protected override (ProposalFilter Filter, IReadOnlyList<string> Errors) Read(string address) => ReviewQueueAddress.Read(address);

    protected override void ShowAddressProblems(IReadOnlyList<string> errors)
    {
        _loadProblemSeverity = Severity.Warning;
        _loadProblem = errors.Count == 0 ? null
            : $"This address asks for something the queue cannot show ({string.Join("; ", errors)}); showing every proposal instead.";
    }

    protected override Task<ProposalListPage> QueryAsync(ProposalFilter filter, CancellationToken cancellationToken) =>
        Queries.ListAsync(filter, cancellationToken);

    protected override void Show(string address, ProposalFilter filter, ProposalListPage page)
    {
        _rows = page.Items.Select(ReviewQueueRow.From).ToList();
        (_total, _counts) = (page.Total, page.Counts);
        Trail.Remember(address, filter, _rows, _total);
        _selected = _rows.Count == 0 ? -1
            : _selectAfterLoad == SelectAfterLoad.Last ? _rows.Count - 1
            : Trail.LastOpenedIndexIn(_rows) ?? 0;
    }

    protected override void ShowLoadFailure(Exception exception)
    {
        _rows = [];
        (_total, _counts) = (0, ProposalCounts.None);
        (_loadProblem, _loadProblemSeverity) = ($"The proposals could not be loaded: {exception.Message}", Severity.Error);
    }

    protected override void OnLoadEnded() => _selectAfterLoad = SelectAfterLoad.First;

    protected override Snapshot? SnapshotToHandOn() =>
        _counts is not null ? new Snapshot(LoadedAddress, _rows, _total, _counts, _products) : null;

    protected override void Restore(Snapshot snapshot)
    {
        (_rows, _total, _counts, _products) = ([.. snapshot.Rows], snapshot.Total, snapshot.Counts, snapshot.Products);
        Trail.Remember(snapshot.Address, Filter, _rows, _total);
        _selected = Trail.LastOpenedIndexIn(_rows) ?? (_rows.Count == 0 ? -1 : 0);
    }

    protected override async Task LoadChoicesAsync()
    {
        try
        {
            _products = await Streams.ProductsAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Show($"The products could not be loaded: {ex.Message}", Severity.Error);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _keys = Keys.For(this);
        await _keys.AttachAsync();
        StateHasChanged();
    }

    private string PageAddress(int page, int pageSize) => ReviewQueueAddress.For(Filter with { Page = page, PageSize = pageSize });

    private void OnFilterChanged(ProposalFilter filter) => Navigation.NavigateTo(ReviewQueueAddress.For(filter with { Page = 1 }));

    private void OnRowSelected(int index) => _selected = index;

    [JSInvokable]
    public async Task OnKey(string key)
    {
        await InvokeAsync(async () =>
        {
            switch (key)
            {
                case "j": Move(1); break;
                case "k": Move(-1); break;
                case "Enter" when Selected is { } row: Navigation.NavigateTo(ReviewPage.HrefFor(row.StreamId, row.ProposalId)); break;
                case "i" when Selected is { } row: await CurateAsync(row, CurationVerdict.Include); break;
                case "x" when Selected is { } row: await CurateAsync(row, CurationVerdict.Exclude); break;
            }
            StateHasChanged();
        });
        if (key is "j" or "k" && await Keys.ModuleAsync() is { } module) await module.InvokeVoidAsync("scrollSelected");
    }

    private ReviewQueueRow? Selected => _selected >= 0 && _selected < _rows.Count ? _rows[_selected] : null;

    /// <summary>Moves the selection; past the last row of a page it opens the next page, before the first the previous one.</summary>
    private void Move(int by)
    {
        if (Loading) return;
        var target = _selected + by;
        if (target >= 0 && target < _rows.Count)
        {
            _selected = target;
            return;
        }
        var lastPage = Pager.LastPageFor(_total, Filter.PageSize);
        var page = Filter.Page + (target < 0 ? -1 : 1);
        if (page < 1 || page > lastPage) return;
        _selectAfterLoad = target < 0 ? SelectAfterLoad.Last : SelectAfterLoad.First;
        Navigation.NavigateTo(ReviewQueueAddress.For(Filter with { Page = page }));
    }

    /// <summary>Curates one row from the keyboard; public so tests can drive it without a browser.</summary>
    public async Task CurateAsync(ReviewQueueRow row, CurationVerdict verdict)
    {
        var result = await Curating.CurateAsync(SeenProposal.Of(row), new NewLabel(verdict));
        if (result.Outcome is CurationResult.Kind.NotAllowed)
        {
            Show(result.Message, ReviewMessages.SeverityOf(result));
            return;
        }
        if (await Queries.GetAsync(row.StreamId, row.ProposalId) is { } fresh)
        {
            _rows = _rows.Select(r => r == row ? ReviewQueueRow.From(fresh) : r).ToList();
        }
        if (result.Written) _message = null;
        else Show(result.Message, ReviewMessages.SeverityOf(result));
    }

    private void Show(string message, Severity severity) => (_message, _messageSeverity) = (message, severity);

    private void OnCloseMessage() => _message = null;

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_keys is not null) await _keys.DisposeAsync();
    }
}
