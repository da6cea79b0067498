namespace EventWorkbench.Streams;

/// <summary>
/// Streams the workbench writes about itself (the access log, and later exports, erasures, rebuilds). Their ids
/// begin with <see cref="Prefix"/>: the append API refuses them, and the stream list and reads leave them out.
/// </summary>
public static class WorkbenchStreams
{
    public const string Prefix = "workbench-";

    /// <summary>Sign-ins, accounts, roles and API keys (<see cref="EventWorkbench.Access"/>).</summary>
    public const string Access = "workbench-access";

    /// <summary>One <c>dataset_exported</c> per export (<see cref="EventWorkbench.Export"/>).</summary>
    public const string Exports = "workbench-exports";

    /// <summary>One <c>log_sealed</c> per seal of the event log (<see cref="EventWorkbench.Audit.LogSealer"/>).</summary>
    public const string Seals = "workbench-seals";

    /// <summary>
    /// The projections' log: one <c>projection_rebuilt</c> per finished or promoted rebuild
    /// (<see cref="EventWorkbench.Projections.ProjectionRebuilds"/>, <see cref="EventWorkbench.Projections.ShadowPromoter"/>),
    /// and discarded shadows.
    /// </summary>
    public const string Projections = "workbench-projections";

    /// <summary>One <c>subject_erased</c> per erasure of a data subject (<see cref="EventWorkbench.Erasure.SubjectErasure"/>).</summary>
    public const string Erasures = "workbench-erasures";

    public static bool IsWorkbenchStream(string? streamId) =>
        streamId is not null && streamId.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
