using System.Globalization;
using System.Threading.RateLimiting;
using EventWorkbench.Web.Api;
using EventWorkbench.Web.Features.Access;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Hosting;

/// <summary>
/// ASP.NET Core's rate limiter on the API: appends and reads each have their own limit per API key (partitioned by the
/// key's name, so every holder of one key shares it); a request without a valid key counts against its client address.
/// Over the limit: 429 with <c>Retry-After</c> and a problem body. Sign-in attempts are limited by
/// <see cref="SignInThrottle"/>, inside the sign-in form, so the page itself can say so.
/// </summary>
public static class RateLimits
{
    public const string Appends = "api-appends";
    public const string Reads = "api-reads";

    public static void AddWorkbenchRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection(RateLimitOptions.Section));
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(Appends, context => ApiPartition(context, Limits(context).AppendsPerMinute));
            options.AddPolicy(Reads, context => ApiPartition(context, Limits(context).ReadsPerMinute));
            options.OnRejected = WriteRejectionAsync;
        });
    }

    /// <summary>A fixed window of <see cref="RateLimitOptions.Window"/> allowing <paramref name="permits"/>; none when 0 or less.</summary>
    public static RateLimitPartition<string> PerWindow(string key, int permits) => permits <= 0
        ? RateLimitPartition.GetNoLimiter(key)
        : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = RateLimitOptions.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>Whole seconds until a refused lease's window opens again (at least 1).</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        (int)Math.Max(1, Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : RateLimitOptions.Window).TotalSeconds));

    private static RateLimitOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static RateLimitPartition<string> ApiPartition(HttpContext context, int perKey) => KeyName(context) is { } name
        ? PerWindow("key:" + name, perKey)
        : PerWindow("address:" + ClientAddress.Of(context), Limits(context).AnonymousApiPerMinute);

    private static string? KeyName(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName, Name: { } name } ? name : null;

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var seconds = RetryAfterSeconds(rejected.Lease);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var appends = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Appends;
        var what = appends ? "appends" : "reads";
        var who = KeyName(http) is { } name
            ? $"The API key '{name}' has made as many {what} as it may in a minute"
            : "This address has made as many API requests without a valid key as it may in a minute";
        await Problems.Write(http, StatusCodes.Status429TooManyRequests, "Too many requests",
            $"{who}; try again in {seconds} s.{(appends ? " Nothing was written." : "")}");
    }
}
