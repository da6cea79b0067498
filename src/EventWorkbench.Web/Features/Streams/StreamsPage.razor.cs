using EventWorkbench.Streams;
using EventWorkbench.Web.Components;
using MudBlazor;

namespace EventWorkbench.Web.Features.Streams;

public partial class StreamsPage
{
    public const string StateKey = "streams-list";

    /// <summary>Appends arriving within this time refresh the list once.</summary>
    public static readonly TimeSpan RefreshDelay = TimeSpan.FromSeconds(1);

    private IReadOnlyList<InteractionSummary> _rows = [];
    private IReadOnlyList<string> _products = [];
    private long? _total;
    private string? _problem;
    private Severity _problemSeverity = Severity.Warning;
    private bool _live;
    private int _refreshScheduled;

    /// <summary>What the prerender loaded, handed to the live page so it does not query again.</summary>
    public sealed record Snapshot(string Address, IReadOnlyList<InteractionSummary> Rows, long Total, IReadOnlyList<string> Products) : IAddressedSnapshot;

    public StreamsPage() : base(new StreamFilter())
    {
    }

    protected override string HandOffKey => StateKey;

    protected override string AddressPath => StreamsAddress.Path;

    private bool HasFilter => Filter.Product is not null || Filter.Text is not null;

    private string FilterDescription => (Filter.Product, Filter.Text) switch
    {
        ({ } product, { } text) => $"product '{product}' and '{text}'",
        ({ } product, null) => $"product '{product}'",
        _ => $"'{Filter.Text}'",
    };

    private string TotalText => _total switch
    {
        null => "",
        1 => "1 stream",
        { } total => $"{total:N0} streams",
    };

    protected override (StreamFilter Filter, IReadOnlyList<string> Errors) Read(string address) => StreamsAddress.Read(address);

    protected override void ShowAddressProblems(IReadOnlyList<string> errors) =>
        (_problem, _problemSeverity) = errors.Count == 0 ? (null, Severity.Warning)
            : ($"This address asks for something the list cannot show ({string.Join("; ", errors)}); showing every stream instead.", Severity.Warning);

    protected override Task<StreamListPage> QueryAsync(StreamFilter filter, CancellationToken cancellationToken) =>
        Queries.ListAsync(filter, cancellationToken);

    protected override void Show(string address, StreamFilter filter, StreamListPage page) =>
        (_rows, _total, Trail.Address) = (page.Items, page.Total, address);

    protected override void ShowLoadFailure(Exception exception)
    {
        (_rows, _total) = ([], 0);
        (_problem, _problemSeverity) = ($"The streams could not be loaded: {exception.Message}", Severity.Error);
    }

    protected override Snapshot? SnapshotToHandOn() => _total is { } total ? new Snapshot(LoadedAddress, _rows, total, _products) : null;

    protected override void Restore(Snapshot snapshot) =>
        (_rows, _total, _products, Trail.Address) = (snapshot.Rows, snapshot.Total, snapshot.Products, snapshot.Address);

    protected override async Task LoadChoicesAsync()
    {
        try
        {
            _products = await Queries.ProductsAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (_problem, _problemSeverity) = ($"The products could not be loaded: {ex.Message}", Severity.Error);
        }
    }

    // Only an interactive page hears of appends; a prerendered one does not claim to be live.
    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender) return;
        Notifications.StreamAppended += OnStreamAppended;
        _live = true;
        StateHasChanged();
    }

    // Raised on a notification thread for every append: one refresh of the shown page per burst.
    private void OnStreamAppended(string streamId)
    {
        if (Interlocked.Exchange(ref _refreshScheduled, 1) == 1) return;
        _ = InvokeAsync(async () =>
        {
            await Task.Delay(RefreshDelay);
            Interlocked.Exchange(ref _refreshScheduled, 0);
            if (Loading || !_live) return;
            await LoadAsync(LoadedAddress, quietly: true);
            StateHasChanged();
        });
    }

    private string PageAddress(int page, int pageSize) => StreamsAddress.For(Filter with { Page = page, PageSize = pageSize });

    private void OnProductChanged(string? product) => Navigate(Filter with { Product = Clean(product) });

    private void OnSearchChanged(string? text) => Navigate(Filter with { Text = Clean(text) });

    private void OnClearFilters() => Navigate(Filter with { Product = null, Text = null });

    private void Navigate(StreamFilter filter) => Navigation.NavigateTo(StreamsAddress.For(filter with { Page = 1 }));

    private static string ProductLabel(string? product) => string.IsNullOrEmpty(product) ? "All products" : product;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public override ValueTask DisposeAsync()
    {
        _live = false;
        Notifications.StreamAppended -= OnStreamAppended;
        GC.SuppressFinalize(this);
        return base.DisposeAsync();
    }
}
