using EventWorkbench.Access;
using Microsoft.AspNetCore.Components.Authorization;

namespace EventWorkbench.Web.Features.Access;

/// <summary>The signed-in person acting on a live page, and where from: the actor of what the admin pages record.</summary>
public sealed class ActingPerson(AuthenticationStateProvider authentication, ClientAddress address)
{
    public async Task<AccessActor> GetAsync()
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return new AccessActor(user.Identity?.Name ?? AccessNames.Anonymous, address.Value);
    }
}
