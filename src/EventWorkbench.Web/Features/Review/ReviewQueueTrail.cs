using EventWorkbench.Review;

namespace EventWorkbench.Web.Features.Review;

/// <summary>
/// The queue page a reviewer came from (one per circuit), so the delta view can lead back to it and step to the
/// previous or next proposal under the same filter and sort, across page boundaries, without going back.
/// </summary>
public sealed class ReviewQueueTrail(ProposalQueries queries)
{
    private ProposalFilter _filter = new();
    private List<(string StreamId, string ProposalId)> _rows = [];
    private long _total;
    private (string StreamId, string ProposalId)? _lastOpened;

    /// <summary>The queue's address with its filter, sort and page.</summary>
    public string Address { get; private set; } = ReviewQueueAddress.Path;

    public void Remember(string address, ProposalFilter filter, IReadOnlyList<ReviewQueueRow> rows, long total)
    {
        (Address, _filter, _total) = (address, filter, total);
        _rows = rows.Select(row => (row.StreamId, row.ProposalId)).ToList();
    }

    /// <summary>Where this proposal sits in the remembered queue ("7 of 1,204"), or null when it was not opened from there.</summary>
    public string? Position(string streamId, string proposalId)
    {
        var index = IndexOf(streamId, proposalId);
        return index < 0 ? null : $"{(long)(_filter.Page - 1) * _filter.PageSize + index + 1:N0} of {_total:N0}";
    }

    /// <summary>
    /// The proposal <paramref name="by"/> places away (±1) in the queue, loading the next or previous page when the step
    /// leaves this one; null at either end of the queue or when the proposal was not opened from the queue.
    /// </summary>
    public async Task<(string StreamId, string ProposalId)?> StepAsync(string streamId, string proposalId, int by, CancellationToken cancellationToken = default)
    {
        var index = IndexOf(streamId, proposalId);
        if (index < 0) return null;
        var target = index + by;
        if (target >= 0 && target < _rows.Count) return _rows[target];

        var page = _filter.Page + (target < 0 ? -1 : 1);
        if (page < 1 || (long)(page - 1) * _filter.PageSize >= _total) return null;
        var filter = _filter with { Page = page };
        var loaded = await queries.ListAsync(filter, cancellationToken);
        if (loaded.Items.Count == 0) return null;
        Remember(ReviewQueueAddress.For(filter), filter, loaded.Items.Select(ReviewQueueRow.From).ToList(), loaded.Total);
        return target < 0 ? _rows[^1] : _rows[0];
    }

    /// <summary>The delta view opened this proposal; back in the queue, its row is the selected one.</summary>
    public void Opened(string streamId, string proposalId) => _lastOpened = (streamId, proposalId);

    /// <summary>Where the proposal last opened sits among these rows, if it is one of them.</summary>
    public int? LastOpenedIndexIn(IReadOnlyList<ReviewQueueRow> rows)
    {
        if (_lastOpened is not { } opened) return null;
        var index = rows.ToList().FindIndex(row => (row.StreamId, row.ProposalId) == opened);
        return index < 0 ? null : index;
    }

    private int IndexOf(string streamId, string proposalId) => _rows.IndexOf((streamId, proposalId));
}
