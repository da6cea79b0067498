using System.Globalization;
using EventWorkbench.Projections;
using EventWorkbench.Web.Components;
using EventWorkbench.Web.Features.Access;
using Marten;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Npgsql;

namespace EventWorkbench.Web.Features.Projections;

public sealed partial class ShadowPage
{
    public const int PageSize = 20;
    private readonly CancellationTokenSource _closed = new();
    private ShadowedProjection? _projection;
    private ShadowStatus? _status;
    private ShadowChangesPage? _changes;
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private bool _busy;
    private bool _confirmingPromotion;
    private bool _polling;

    [Parameter] public string Name { get; set; } = "";
    [SupplyParameterFromQuery(Name = "page")] public int? Page { get; set; }

    [Inject] private IDocumentStore Store { get; set; } = null!;
    [Inject] private NpgsqlDataSource DataSource { get; set; } = null!;
    [Inject] private ShadowBuildJobs Jobs { get; set; } = null!;
    [Inject] private ShadowPromoter Promoter { get; set; } = null!;
    [Inject] private ActingPerson Person { get; set; } = null!;
    [Inject] private NotFoundReasons NotFound { get; set; } = null!;

    private bool Building => _status?.State == ShadowStatus.Building;

    /// <summary>The page's address for a projection (and a page of its changes).</summary>
    public static string HrefFor(string projection, int page = 1) =>
        $"projections/{Uri.EscapeDataString(projection)}/shadow{(page > 1 ? $"?page={page.ToString(CultureInfo.InvariantCulture)}" : "")}";

    protected override async Task OnParametersSetAsync()
    {
        _projection = ShadowedProjection.Find(Store, Name);
        if (_projection is null)
        {
            NotFound.Report(new NotFoundReason("No such projection", $"There is no projection '{Name}'.", "streams", "Back to the streams"));
            return;
        }
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (RendererInfo.IsInteractive && Building && !_polling) _ = PollAsync();
    }

    private string PageHref(int page) => HrefFor(Name, page);

    private async Task LoadAsync()
    {
        try
        {
            _status = await Jobs.StatusAsync(_projection!, _closed.Token);
            _changes = _status.Summary is null ? null
                : await ShadowBuilds.PageAsync(DataSource, _projection!, Math.Max(Page ?? 1, 1), PageSize, _closed.Token);
        }
        catch (NpgsqlException ex)
        {
            Show($"The shadow could not be read: {ex.Message}", Severity.Error);
        }
    }

    private async Task OnBuildAsync()
    {
        var person = await Person.GetAsync();
        _message = null;
        _confirmingPromotion = false;
        if (await Jobs.TryStartAsync(_projection!, person.Name, _closed.Token) is null)
        {
            var running = await ShadowBuildClaims.FindAsync(DataSource, Name, _closed.Token);
            Show(running?.Describe() ?? $"A shadow build of {Name} is running already.", Severity.Info);
        }
        await LoadAsync();
        if (Building && !_polling) _ = PollAsync();
    }

    private async Task OnPromoteAsync()
    {
        _confirmingPromotion = false;
        await DecideAsync(person => Promoter.PromoteAsync(_projection!, person, _closed.Token));
    }

    private async Task OnDiscardAsync() => await DecideAsync(person => Promoter.DiscardAsync(_projection!, person, RunningShadowBuild.Refuse, _closed.Token));

    private async Task DecideAsync(Func<string, Task<ShadowOutcome>> decide)
    {
        _busy = true;
        try
        {
            var person = await Person.GetAsync();
            var outcome = await decide(person.Name);
            Show(outcome.Message, outcome is ShadowOutcome.Done ? Severity.Success : Severity.Warning);
            await LoadAsync();
        }
        catch (NpgsqlException ex)
        {
            Show($"That did not work: {ex.Message}", Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Reads the build's progress twice a second while it runs, then its result.</summary>
    private async Task PollAsync()
    {
        _polling = true;
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (Building && await timer.WaitForNextTickAsync(_closed.Token))
            {
                await LoadAsync();
                if (_status?.State == ShadowStatus.Built) Show("The shadow is built.", Severity.Success);
                await InvokeAsync(StateHasChanged);
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        finally
        {
            _polling = false;
        }
    }

    private void Show(string message, Severity severity) => (_message, _messageSeverity) = (message, severity);

    private static double Percent(ShadowProgress progress) => progress.Of == 0 ? 0 : 100.0 * progress.Position / progress.Of;

    private static string Describe(ShadowProgress progress) => progress.Stage switch
    {
        "comparing" => $"Comparing the documents: {progress.Position:N0} of {progress.Of:N0}…",
        "rebuilding" => $"Rebuilding from the events: at sequence {progress.Position:N0} of {progress.Of:N0}…",
        _ => "Starting…",
    };

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
    }
}
