using EventWorkbench.Web.Tests.Api;

namespace EventWorkbench.Web.Tests.Seals;

/// <summary>The API host with a key that holds the <c>audit</c> scope only.</summary>
public sealed class SealsApiHost : ApiHost
{
    public const string AuditKey = "audit-secret";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Api:Keys:auditor:Secret"] = AuditKey,
        ["Api:Keys:auditor:Scopes:0"] = "audit",
    };
}
