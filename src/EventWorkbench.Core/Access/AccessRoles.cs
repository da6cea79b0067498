namespace EventWorkbench.Access;

/// <summary>
/// What a person may do in the workbench. Every role may view the streams; <see cref="Admin"/> implies every role.
/// The web app turns these into its policies (one place: Policies.cs).
/// </summary>
public static class AccessRoles
{
    /// <summary>Streams and dashboards.</summary>
    public const string Viewer = "viewer";

    /// <summary>Curation: the review queue and the labels.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>History, search and evidence, the access log included.</summary>
    public const string Auditor = "auditor";

    /// <summary>Dataset exports.</summary>
    public const string MlEngineer = "ml-engineer";

    /// <summary>Rebuilds, erasure, accounts and API keys; implies every other role.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Viewer, Reviewer, Auditor, MlEngineer, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}

/// <summary>The scopes an API key may hold; <see cref="Admin"/> implies all.</summary>
public static class ApiKeyScopes
{
    public const string Append = "append";
    public const string Read = "read";
    public const string Export = "export";

    /// <summary>The seals of the log: list, seal, verify.</summary>
    public const string Audit = "audit";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Append, Read, Export, Audit, Admin];
}
