using Marten;

namespace EventWorkbench.Access;

/// <summary>Who acts on the access log, and from where (an IP address, when a person acts through the web app).</summary>
public sealed record AccessActor(string Name, string? FromIp)
{
    /// <summary>The app itself: start-up accounts, the first admin.</summary>
    public static readonly AccessActor System = new(AccessNames.System, null);

    public bool IsSystem => Name == AccessNames.System;
}

/// <summary>
/// What a command decided: the events to append (none when refused) and the secrets to store with them, in the
/// same transaction. <see cref="Refusal"/> is the message a person reads.
/// </summary>
public sealed record AccessDecision(IReadOnlyList<object> Events, string? Refusal = null, Action<IDocumentSession>? Secrets = null)
{
    public bool Succeeded => Refusal is null;

    public static AccessDecision Refuse(string refusal) => new([], refusal);

    public static AccessDecision Append(params object[] events) => new(events);
}
