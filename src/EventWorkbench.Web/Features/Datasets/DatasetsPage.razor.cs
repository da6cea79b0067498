using EventWorkbench.Web.Components;
using MudBlazor;

namespace EventWorkbench.Web.Features.Datasets;

public partial class DatasetsPage
{
    public const string StateKey = "datasets";

    private DatasetsView? _view;
    private string? _problem;
    private Severity _problemSeverity = Severity.Warning;
    private IReadOnlyList<string> _selected = [];

    /// <summary>What the prerender loaded, handed to the live page so it does not compare again.</summary>
    public sealed record Snapshot(string Address, DatasetsView View) : IAddressedSnapshot;

    public DatasetsPage() : base(DatasetsChoice.Default)
    {
    }

    protected override string HandOffKey => StateKey;

    protected override string AddressPath => DatasetsAddress.Path;

    private string SelectionText => _selected.Count switch
    {
        0 => "Choose two exports of one format to compare them.",
        1 => "Choose one more.",
        _ => "Two chosen: the older is compared with the newer.",
    };

    protected override (DatasetsChoice Filter, IReadOnlyList<string> Errors) Read(string address) => DatasetsAddress.Read(address);

    protected override void ShowAddressProblems(IReadOnlyList<string> errors)
    {
        _problemSeverity = Severity.Warning;
        _problem = errors.Count == 0 ? null : $"This address cannot be read ({string.Join("; ", errors)}); showing the first page instead.";
    }

    protected override Task<DatasetsView> QueryAsync(DatasetsChoice filter, CancellationToken cancellationToken) =>
        Views.LoadAsync(filter, cancellationToken);

    protected override void Show(string address, DatasetsChoice filter, DatasetsView page)
    {
        _view = page;
        _selected = filter.Compares ? [filter.A!, filter.B!] : [];
    }

    protected override void ShowLoadFailure(Exception exception) =>
        (_problem, _problemSeverity) = ($"The datasets could not be loaded: {exception.Message}", Severity.Error);

    protected override Snapshot? SnapshotToHandOn() => _view is { } view ? new Snapshot(LoadedAddress, view) : null;

    protected override void Restore(Snapshot snapshot) => Show(snapshot.Address, Filter, snapshot.View);

    private string PageAddress(int page, int pageSize) => DatasetsAddress.For(Filter with { Page = page, PageSize = pageSize });

    private void OnSelectedChanged(IReadOnlyList<string> selected) => _selected = selected;

    /// <summary>The older of the two (lower sequence) is <c>a</c>, so "added" means added since it.</summary>
    private void OnCompare()
    {
        if (_selected.Count != 2 || _view is null) return;
        var ordered = _selected.OrderBy(id => _view.Log.Exports.FirstOrDefault(e => e.Id == id)?.Sequence ?? 0).ToList();
        Navigation.NavigateTo(DatasetsAddress.For(Filter with { A = ordered[0], B = ordered[1] }));
    }
}
