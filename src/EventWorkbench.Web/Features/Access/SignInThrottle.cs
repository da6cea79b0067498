using System.Threading.RateLimiting;
using EventWorkbench.Access;
using EventWorkbench.Web.Hosting;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// Limits sign-in attempts twice over, per user name and per client address (<see cref="RateLimitOptions"/>), with
/// the partitioned fixed-window limiters ASP.NET Core's rate limiter runs. It is asked inside the sign-in form, before
/// any password is checked, so a refused attempt gets the sign-in page saying why (with 429 and <c>Retry-After</c>)
/// rather than a bare status.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<Attempt> _limiter;

    public SignInThrottle(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<Attempt, string>(attempt => RateLimits.PerWindow("name:" + attempt.UserName, limits.SignInsPerUserPerMinute)),
            PartitionedRateLimiter.Create<Attempt, string>(attempt => RateLimits.PerWindow("address:" + attempt.Address, limits.SignInsPerAddressPerMinute)));
    }

    /// <summary>Null when the attempt may go ahead, else the whole seconds to wait.</summary>
    public int? RetryAfterSeconds(string? userName, string? address)
    {
        var name = AccessNames.Normalize(userName);
        if (name.Length > AccessNames.MaxNameLength) name = name[..AccessNames.MaxNameLength];
        using var lease = _limiter.AttemptAcquire(new Attempt(name, address ?? ""));
        return lease.IsAcquired ? null : RateLimits.RetryAfterSeconds(lease);
    }

    public void Dispose() => _limiter.Dispose();

    private readonly record struct Attempt(string UserName, string Address);
}
