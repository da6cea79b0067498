using System.Security.Cryptography;
using System.Text;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// The one-time link to create the first admin, when no account exists and none is configured: a random token made
/// at start-up and printed in the log, valid until it is used (or an admin exists).
/// </summary>
public sealed class SetupLink
{
    private readonly Lock _lock = new();
    private string? _token;

    public string Issue()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_lock) _token = token;
        return token;
    }

    public bool Matches(string? token)
    {
        string? current;
        lock (_lock) current = _token;
        return current is not null && token is not null
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(current), Encoding.ASCII.GetBytes(token));
    }

    /// <summary>The link is used up (the first admin exists; the access log refuses a second one anyway).</summary>
    public void Clear()
    {
        lock (_lock) _token = null;
    }
}
