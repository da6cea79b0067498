namespace EventWorkbench.Web.Hosting;

/// <summary>
/// The <c>RateLimits</c> section: requests allowed per minute (fixed one-minute windows). 0 switches a limit off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Appends per API key (by the key's name), each a batch of up to <c>Api:MaxEventsPerBatch</c> events.</summary>
    public int AppendsPerMinute { get; set; } = 1200;

    /// <summary>API reads per API key (by the key's name).</summary>
    public int ReadsPerMinute { get; set; } = 600;

    /// <summary>API requests without a valid key, per client address (they are refused anyway; this slows key guessing).</summary>
    public int AnonymousApiPerMinute { get; set; } = 60;

    /// <summary>Sign-in attempts per user name, whoever sends them: slows guessing one account's password from many addresses.</summary>
    public int SignInsPerUserPerMinute { get; set; } = 10;

    /// <summary>Sign-in attempts per client address, whatever the name: slows guessing passwords across accounts.</summary>
    public int SignInsPerAddressPerMinute { get; set; } = 30;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
}
