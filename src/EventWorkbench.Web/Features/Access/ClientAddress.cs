namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// The address the person's browser connects from, for the access log. A live page has no request of its own, so the
/// app's root component hands the address of the page request to the circuit (Routes sets it here).
/// </summary>
public sealed class ClientAddress
{
    public string? Value { get; set; }

    public static string? Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();
}
