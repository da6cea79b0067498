namespace EventWorkbench.EmbeddedPostgres;

/// <summary>Configuration section <c>EmbeddedPostgres</c>; used only when no connection string is set.</summary>
public sealed class EmbeddedPostgresOptions
{
    public const string Section = "EmbeddedPostgres";

    /// <summary>Where the cluster keeps its data across restarts. Relative paths are under the app's content root.</summary>
    public string DataDirectory { get; set; } = "data/postgres";

    /// <summary>The folder holding initdb and pg_ctl; found automatically when empty.</summary>
    public string? BinDirectory { get; set; }

    /// <summary>The unprivileged user the server runs as when the app runs as root (PostgreSQL refuses root).</summary>
    public string RunAsUser { get; set; } = "postgres";

    public string Database { get; set; } = "eventworkbench";

    /// <summary>Fixed loopback port; a free one is picked at each start when null.</summary>
    public int? Port { get; set; }

    /// <summary>
    /// fsync off and no durable commits, and the server stops once the process that started it is gone: for test
    /// clusters only, never for data you keep.
    /// </summary>
    public bool Ephemeral { get; set; }
}
