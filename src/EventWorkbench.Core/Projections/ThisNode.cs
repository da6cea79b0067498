namespace EventWorkbench.Projections;

/// <summary>This app node as rebuilds and shadow builds name it to every other node: machine and process id.</summary>
public static class ThisNode
{
    public static readonly string Name = $"{Environment.MachineName}:{Environment.ProcessId}";
}
