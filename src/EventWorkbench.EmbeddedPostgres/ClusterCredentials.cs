using System.Security.Cryptography;
using System.Text.Json;

namespace EventWorkbench.EmbeddedPostgres;

/// <summary>The passwords of the cluster's superuser and app role, made once and kept beside the cluster, readable by its owner only.</summary>
internal sealed record ClusterCredentials(string Superuser, string App)
{
    public static ClusterCredentials LoadOrCreate(string file)
    {
        if (File.Exists(file))
            return JsonSerializer.Deserialize<ClusterCredentials>(File.ReadAllText(file))
                ?? throw new PostgresSetupException($"{file} is not readable; delete it together with the cluster folder");
        var credentials = new ClusterCredentials(NewPassword(), NewPassword());
        File.WriteAllText(file, JsonSerializer.Serialize(credentials));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return credentials;
    }

    private static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
