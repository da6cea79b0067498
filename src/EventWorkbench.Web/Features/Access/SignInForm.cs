namespace EventWorkbench.Web.Features.Access;

/// <summary>What the sign-in and set-up forms post.</summary>
public sealed class SignInForm
{
    public string? UserName { get; set; }
    public string? Password { get; set; }

    /// <summary>The set-up form only: the password typed again.</summary>
    public string? ConfirmPassword { get; set; }
}
