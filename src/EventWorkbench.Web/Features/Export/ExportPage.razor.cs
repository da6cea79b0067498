using EventWorkbench.Export;
using EventWorkbench.Review;
using EventWorkbench.Web.Components;
using MudBlazor;

namespace EventWorkbench.Web.Features.Export;

public partial class ExportPage
{
    public const string StateKey = "export";

    private IReadOnlyList<string> _products = [];
    private ExportPreview? _preview;
    private ExportRequest? _previewed;
    private string? _loadProblem;
    private Severity _loadProblemSeverity = Severity.Warning;

    /// <summary>What the prerender loaded, handed to the live page so it does not export again.</summary>
    public sealed record Snapshot(string Address, ExportPreview Preview, IReadOnlyList<string> Products) : IAddressedSnapshot;

    public ExportPage() : base(ExportChoice.Default)
    {
    }

    protected override string HandOffKey => StateKey;

    protected override string AddressPath => ExportAddress.Path;

    protected override (ExportChoice Filter, IReadOnlyList<string> Errors) Read(string address) => ExportAddress.Read(address);

    protected override void ShowAddressProblems(IReadOnlyList<string> errors)
    {
        _loadProblemSeverity = Severity.Warning;
        _loadProblem = errors.Count == 0 ? null
            : $"This address asks for an export that cannot be made ({string.Join("; ", errors)}); showing the default export instead.";
    }

    protected override Task<ExportPreview> QueryAsync(ExportChoice filter, CancellationToken cancellationToken) =>
        Previews.PreviewAsync(filter.Request, cancellationToken);

    protected override void Show(string address, ExportChoice filter, ExportPreview page) => (_preview, _previewed) = (page, filter.Request);

    protected override void ShowLoadFailure(Exception exception)
    {
        (_preview, _previewed) = (null, null);
        (_loadProblem, _loadProblemSeverity) = exception is AsOfBeyondLogException beyond
            ? ($"{beyond.Message}: choose a lower sequence, or leave it empty for the latest.", Severity.Warning)
            : ($"The preview could not be made: {exception.Message}", Severity.Error);
    }

    protected override Snapshot? SnapshotToHandOn() => _preview is { } preview ? new Snapshot(LoadedAddress, preview, _products) : null;

    protected override void Restore(Snapshot snapshot) =>
        (_preview, _previewed, _products) = (snapshot.Preview, Filter.Request, snapshot.Products);

    protected override async Task LoadChoicesAsync()
    {
        try
        {
            _products = await Streams.ProductsAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (_loadProblem, _loadProblemSeverity) = ($"The products could not be loaded: {ex.Message}", Severity.Error);
        }
    }

    private void OnRequestChanged(ExportRequest request) => Navigation.NavigateTo(ExportAddress.For(request));

    private void OnProposalFilterChanged(ProposalFilter proposals) =>
        OnRequestChanged(Filter.Request with { Filter = Filter.Request.Filter with { Proposals = proposals } });
}
