namespace EventWorkbench.Web.Features.Access;

/// <summary>Where to go after signing in: a path of this site only, never another host (no open redirect).</summary>
public static class LocalReturnUrl
{
    public const string Default = "/streams";

    public static string OrDefault(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2000) return Default;
        var isLocal = returnUrl[0] == '/'
            && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            && !returnUrl.Any(c => char.IsControl(c) || c == '\\')
            && !returnUrl.StartsWith("/signin", StringComparison.OrdinalIgnoreCase);
        return isLocal ? returnUrl : Default;
    }
}
