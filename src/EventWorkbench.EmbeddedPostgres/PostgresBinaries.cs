namespace EventWorkbench.EmbeddedPostgres;

/// <summary>
/// Finds the PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine. The one rule, also in the README:
/// <list type="number">
/// <item><c>EmbeddedPostgres:BinDirectory</c> when set;</item>
/// <item>else the first folder on PATH holding initdb and pg_ctl, following a linked pg_ctl to its real folder
/// (<c>/usr/local/bin/pg_ctl</c> linking to <c>/usr/lib/postgresql/15/bin/pg_ctl</c> gives the latter);</item>
/// <item>else the newest installed version: <c>/usr/lib/postgresql/*/bin</c> (Debian, Ubuntu),
/// <c>/usr/pgsql-*/bin</c> (Fedora, RHEL), Homebrew's <c>postgresql@*/bin</c> (macOS).</item>
/// </list>
/// </summary>
public static class PostgresBinaries
{
    public const string InstallHint =
        "No PostgreSQL server binaries (initdb, pg_ctl) were found. Install them, e.g. `sudo apt-get install -y postgresql` " +
        "(Debian/Ubuntu), `sudo dnf install -y postgresql-server` (Fedora/RHEL) or `brew install postgresql@16` (macOS), " +
        "or set EmbeddedPostgres:BinDirectory to the folder holding them, or set ConnectionStrings:EventStore to use an existing server.";

    private static readonly (string Root, string Prefix)[] InstallFolders =
    [
        ("/usr/lib/postgresql", ""),
        ("/usr", "pgsql-"),
        ("/opt/homebrew/opt", "postgresql"),
        ("/usr/local/opt", "postgresql"),
    ];

    /// <summary>The folder holding initdb and pg_ctl, by the rule above.</summary>
    public static string Find(string? configured = null) =>
        Find(configured, Environment.GetEnvironmentVariable("PATH") ?? "");

    internal static string Find(string? configured, string searchPath)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured)
                ? configured
                : throw new PostgresSetupException($"EmbeddedPostgres:BinDirectory '{configured}' holds no initdb and pg_ctl. {InstallHint}");
        }

        var fromPath = searchPath
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(HasServer)
            .Select(ResolveLinkedFolder)
            .FirstOrDefault();
        if (fromPath is not null) return fromPath;

        var installed = InstallFolders
            .Where(folder => Directory.Exists(folder.Root))
            .SelectMany(folder => Directory.GetDirectories(folder.Root, folder.Prefix + "*"))
            .Select(dir => Path.Combine(dir, "bin"))
            .Where(HasServer)
            .OrderByDescending(VersionOf)
            .FirstOrDefault();
        return installed ?? throw new PostgresSetupException(InstallHint);
    }

    private static bool HasServer(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    // /usr/local/bin/pg_ctl is often a link into the versioned folder, which also holds postgres itself.
    private static string ResolveLinkedFolder(string folder)
    {
        var pgCtl = new FileInfo(Path.Combine(folder, "pg_ctl"));
        if (pgCtl.LinkTarget is null) return folder;
        var target = pgCtl.ResolveLinkTarget(returnFinalTarget: true);
        return target is { Exists: true } && Path.GetDirectoryName(target.FullName) is { } real && HasServer(real) ? real : folder;
    }

    private static int VersionOf(string binFolder)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(binFolder)) ?? "";
        var digits = new string(name.SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).ToArray());
        return int.TryParse(digits, out var version) ? version : 0;
    }
}
