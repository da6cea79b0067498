using Npgsql;

namespace EventWorkbench.Analytics;

/// <summary>
/// <see cref="ActivityByDay"/> once counted each event under its stream's product as of that event; it counts every event
/// of a stream under the product as corrected now, moving the counted events when a correction changes it. A store still
/// holding documents counted the old way (without <see cref="ActivityByDay.ProductAsCorrected"/>) has them and their
/// progress dropped at start-up, so the daemon folds them again from the first event (nothing of the log is touched).
/// </summary>
public static class ActivityByDayUpgrade
{
    /// <summary>Run as the schema owner after Marten's migrations; true when documents of the old shape were dropped.</summary>
    public static Task<bool> ApplyAsync(NpgsqlDataSource admin, CancellationToken cancellationToken = default) =>
        OldShapeDocuments.DropAsync(admin, "mt_doc_activitybyday", "not data ? 'productAsCorrected'", nameof(ActivityByDay), cancellationToken);
}
