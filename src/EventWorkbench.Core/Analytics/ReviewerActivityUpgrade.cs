using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// <see cref="ReviewerActivity"/> was once one document per person holding all their days; it is one per person and day
/// now. A store still holding the old shape has its reviewer documents and their progress dropped at start-up, so the
/// daemon folds them again from the first event (a projection is rebuildable; nothing of the log is touched).
/// </summary>
public static class ReviewerActivityUpgrade
{
    /// <summary>Run as the schema owner after Marten's migrations; true when documents of the old shape were dropped.</summary>
    public static Task<bool> ApplyAsync(NpgsqlDataSource admin, CancellationToken cancellationToken = default) =>
        OldShapeDocuments.DropAsync(admin, "mt_doc_revieweractivity", "not data ? 'day'", nameof(ReviewerActivity), cancellationToken);
}
