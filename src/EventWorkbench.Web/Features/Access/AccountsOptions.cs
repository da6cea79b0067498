namespace EventWorkbench.Web.Features.Access;

/// <summary>The <c>Accounts</c> section: the first admin, lockout, session length.</summary>
public sealed class AccountsOptions
{
    public const string Section = "Accounts";

    /// <summary><c>Accounts:Admin:UserName</c> and <c>Accounts:Admin:Password</c>: created as admin at start-up when missing.</summary>
    public FirstAdmin Admin { get; set; } = new();

    /// <summary>Failed sign-ins in a row that lock an account.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>A session ends after this long without a request.</summary>
    public int SessionHours { get; set; } = 8;

    /// <summary>How often an open page checks its account's roles and lockout against the store (at most 60).</summary>
    public int RevalidationSeconds { get; set; } = 30;

    /// <summary><c>Accounts:OpenIdConnect:*</c>: sign-in through an OpenID Connect provider, off while no authority is set.</summary>
    public ExternalSignInOptions OpenIdConnect { get; set; } = new();

    public sealed class FirstAdmin
    {
        public string? UserName { get; set; }
        public string? Password { get; set; }
    }
}
