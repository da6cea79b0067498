using System.Globalization;
using System.Security.Claims;
using EventWorkbench.Access;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EventWorkbench.Web.Features.Access;

/// <summary>The signed-in person as the cookie and the circuit carry them: name, roles, and when the session began.</summary>
public static class AccountPrincipal
{
    public const string SignedInAtClaim = "signed_in_at";

    public static ClaimsPrincipal For(Account account, DateTimeOffset signedInAt)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, account.Id),
            new(SignedInAtClaim, signedInAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        };
        claims.AddRange(account.Roles.Order(StringComparer.Ordinal).Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static DateTimeOffset? SignedInAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(SignedInAtClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    public static IReadOnlyList<string> Roles(ClaimsPrincipal user) =>
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// What the store says of a session now: null when it must end (account gone, locked, password reset since),
    /// else the principal with the account's current roles (the same one when nothing changed).
    /// </summary>
    public static ClaimsPrincipal? Revalidated(ClaimsPrincipal user, Account? account, DateTimeOffset now)
    {
        if (account is null || SignedInAt(user) is not { } signedInAt || !account.AcceptsSessionFrom(signedInAt, now)) return null;
        return Roles(user).SequenceEqual(account.Roles.Order(StringComparer.Ordinal)) ? user : For(account, signedInAt);
    }
}
