using EventWorkbench.Access;

namespace EventWorkbench.Web.Features.Access;

/// <summary>In Development only: one account per role, all with the same published password, shown on the sign-in page.</summary>
public static class DemoAccounts
{
    public const string Password = "workbench-demo";

    /// <summary>Each account is named after its role.</summary>
    public static IReadOnlyList<string> UserNames => AccessRoles.All;
}
