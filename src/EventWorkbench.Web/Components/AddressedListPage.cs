using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;

namespace EventWorkbench.Web.Components;

/// <summary>What a list page's prerender hands to its live page: the rows of one address.</summary>
public interface IAddressedSnapshot
{
    string Address { get; }
}

/// <summary>
/// The life of a list page whose filter, sort and page live in its address (the streams list, the review queue): the
/// address read into a filter (saying what in it could not be read), the prerender's rows handed to the live page
/// (<see cref="PrerenderHandOff"/>) so it does not query again, one load per address with the one before cancelled,
/// and a new load whenever the address moves to another one of this page (links, back and forward).
/// </summary>
/// <typeparam name="TFilter">What the address asks for.</typeparam>
/// <typeparam name="TPage">What one query returns.</typeparam>
/// <typeparam name="TSnapshot">What the prerender hands on.</typeparam>
public abstract class AddressedListPage<TFilter, TPage, TSnapshot> : ComponentBase, IAsyncDisposable
    where TSnapshot : IAddressedSnapshot
{
    private CancellationTokenSource? _loadCancellation;
    private PersistingComponentStateSubscription _persisting;

    /// <summary>A page starts with the filter of an address that asks for nothing.</summary>
    protected AddressedListPage(TFilter everything) => Filter = everything;

    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [Inject] private PrerenderHandOff HandOff { get; set; } = default!;

    /// <summary>The filter of the address shown (or loading).</summary>
    protected TFilter Filter { get; private set; }

    /// <summary>The address whose rows are shown.</summary>
    protected string LoadedAddress { get; private set; } = "";

    /// <summary>A load the person waits for is under way (a quiet one does not count).</summary>
    protected bool Loading { get; private set; }

    protected string Address => Navigation.ToBaseRelativePath(Navigation.Uri);

    /// <summary>The key the prerender's snapshot is handed on under.</summary>
    protected abstract string HandOffKey { get; }

    /// <summary>The page's path, without query: only addresses on it are this page's to load.</summary>
    protected abstract string AddressPath { get; }

    protected abstract (TFilter Filter, IReadOnlyList<string> Errors) Read(string address);

    /// <summary>Says what in the address could not be read; no errors clears what was said.</summary>
    protected abstract void ShowAddressProblems(IReadOnlyList<string> errors);

    protected abstract Task<TPage> QueryAsync(TFilter filter, CancellationToken cancellationToken);

    /// <summary>Shows a page the address loaded (<see cref="LoadedAddress"/> is already that address).</summary>
    protected abstract void Show(string address, TFilter filter, TPage page);

    protected abstract void ShowLoadFailure(Exception exception);

    /// <summary>What to hand to the live page when the prerender ends; null when nothing loaded.</summary>
    protected abstract TSnapshot? SnapshotToHandOn();

    /// <summary>Shows what the prerender handed on (<see cref="Filter"/> and <see cref="LoadedAddress"/> are set).</summary>
    protected abstract void Restore(TSnapshot snapshot);

    /// <summary>Loads what the page needs besides its rows (the filter's choices), beside the first load.</summary>
    protected virtual Task LoadChoicesAsync() => Task.CompletedTask;

    /// <summary>Called when the latest load has ended, however it ended.</summary>
    protected virtual void OnLoadEnded()
    {
    }

    protected override async Task OnInitializedAsync()
    {
        _persisting = HandOff.OnPersisting(Persist);
        Navigation.LocationChanged += OnLocationChanged;
        if (HandOff.TryTake<TSnapshot>(HandOffKey, out var snapshot) && snapshot is not null && snapshot.Address == Address)
        {
            ReadAddress(snapshot.Address);
            LoadedAddress = snapshot.Address;
            Restore(snapshot);
            return;
        }
        await Task.WhenAll(LoadChoicesAsync(), LoadAsync(Address)); // two sessions, side by side
    }

    private Task Persist()
    {
        if (SnapshotToHandOn() is { } snapshot) HandOff.Persist(HandOffKey, snapshot);
        return Task.CompletedTask;
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs args)
    {
        var address = Navigation.ToBaseRelativePath(args.Location);
        if (address.Split('?', '#')[0] != AddressPath || address == LoadedAddress) return;
        _ = InvokeAsync(async () =>
        {
            await LoadAsync(address);
            StateHasChanged();
        });
    }

    private TFilter ReadAddress(string address)
    {
        var (filter, errors) = Read(address);
        Filter = filter;
        ShowAddressProblems(errors);
        return filter;
    }

    /// <summary>Loads the page an address asks for; <paramref name="quietly"/> (a live refresh) does not set <see cref="Loading"/>.</summary>
    protected async Task LoadAsync(string address, bool quietly = false)
    {
        var filter = ReadAddress(address);
        _loadCancellation?.Cancel();
        var cancellation = _loadCancellation = new CancellationTokenSource();
        Loading = !quietly;
        try
        {
            var page = await QueryAsync(filter, cancellation.Token);
            cancellation.Token.ThrowIfCancellationRequested(); // finished, but a newer address took over meanwhile
            LoadedAddress = address;
            Show(address, filter, page);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // a newer address is loading
        }
        catch (Exception ex)
        {
            ShowLoadFailure(ex);
        }
        finally
        {
            if (cancellation == _loadCancellation)
            {
                Loading = false;
                OnLoadEnded();
            }
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _persisting.Dispose();
        _loadCancellation?.Cancel();
        _loadCancellation?.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
