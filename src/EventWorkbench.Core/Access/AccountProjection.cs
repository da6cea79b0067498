using System.ComponentModel;
using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;

namespace EventWorkbench.Access;

/// <summary>One <see cref="Account"/> per user name, from the access stream; the fold itself is <see cref="Account.Fold"/>.</summary>
[Description("One per user name: roles, failed sign-ins and lock-out, last sign-in. Signing in and the accounts page read it.")]
public sealed partial class AccountProjection : MultiStreamProjection<Account, string>
{
    public AccountProjection()
    {
        foreach (var type in AccessEventNames.All.Values) IncludeType(type);
        CustomGrouping(new AccountEventGrouper());
    }

    public override Account? Evolve(Account? snapshot, string id, IEvent e) => Account.Fold(snapshot, e.Data, e.Timestamp);
}

/// <summary>Routes each access event to the account it is about; API key events and unknown names go nowhere.</summary>
public sealed class AccountEventGrouper : IJasperFxAggregateGrouper<string, IQuerySession>
{
    public Task Group(IQuerySession session, IReadOnlyList<IEvent> events, IEventGrouping<string> grouping)
    {
        foreach (var group in events.Where(e => Account.AccountOf(e.Data) is not null).GroupBy(e => Account.AccountOf(e.Data)!))
            grouping.AddEvents(group.Key, group.OrderBy(e => e.Sequence).ToList());
        return Task.CompletedTask;
    }
}
