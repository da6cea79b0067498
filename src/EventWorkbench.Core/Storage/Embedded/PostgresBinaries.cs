namespace EventWorkbench.Storage.Embedded;

/// <summary>Finds the PostgreSQL server programs (initdb, pg_ctl, postgres) on this machine.</summary>
public static class PostgresBinaries
{
    public const string InstallHint =
        "No PostgreSQL server binaries (initdb, pg_ctl) were found. Install them, e.g. `sudo apt-get install -y postgresql` " +
        "(Debian/Ubuntu), `sudo dnf install -y postgresql-server` (Fedora/RHEL) or `brew install postgresql@16` (macOS), " +
        "or set EmbeddedPostgres:BinDirectory to the folder holding them, or set ConnectionStrings:EventStore to use an existing server.";

    /// <summary>The folder holding initdb and pg_ctl: the configured one, then PATH, then the usual install folders (newest version first).</summary>
    public static string Find(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HasServer(configured)
                ? configured
                : throw new InvalidOperationException($"EmbeddedPostgres:BinDirectory '{configured}' holds no initdb and pg_ctl. {InstallHint}");
        }

        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(ResolveLinkedFolder)
            .FirstOrDefault(HasServer);
        if (fromPath is not null) return fromPath;

        var installed = new[] { "/usr/lib/postgresql", "/usr/pgsql", "/opt/homebrew/opt", "/usr/local/opt" }
            .Where(Directory.Exists)
            .SelectMany(root => Directory.GetDirectories(root))
            .Select(dir => Path.Combine(dir, "bin"))
            .Where(HasServer)
            .OrderByDescending(VersionOf)
            .FirstOrDefault();
        return installed ?? throw new InvalidOperationException(InstallHint);
    }

    private static bool HasServer(string folder) =>
        File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl"));

    // /usr/local/bin/pg_ctl is often a link into the versioned folder, which also holds postgres itself.
    private static string ResolveLinkedFolder(string folder)
    {
        var pgCtl = new FileInfo(Path.Combine(folder, "pg_ctl"));
        if (!pgCtl.Exists || pgCtl.LinkTarget is null) return folder;
        var target = pgCtl.ResolveLinkTarget(returnFinalTarget: true);
        return target?.Exists == true ? Path.GetDirectoryName(target.FullName) ?? folder : folder;
    }

    private static int VersionOf(string binFolder)
    {
        var name = Path.GetFileName(Path.GetDirectoryName(binFolder)) ?? "";
        var digits = new string(name.Where(char.IsDigit).ToArray());
        return int.TryParse(digits, out var version) ? version : 0;
    }
}
