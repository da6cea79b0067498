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

    public static bool IsWorkbenchStream(string? streamId) =>
        streamId is not null && streamId.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
