using EventWorkbench.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// At start-up, after the schema and the demo data: in Development the demo accounts; the admin from
/// <c>Accounts:Admin</c> when configured; and when no account exists at all, a one-time set-up link in the log.
/// Accounts are created by <c>system</c> and only when missing: a restart changes nothing.
/// </summary>
internal sealed class AccountsBootstrap(
    AccountAdministration accounts, AccessQueries queries, SetupLink setupLink, IOptions<AccountsOptions> options,
    IHostEnvironment environment, IHostApplicationLifetime lifetime, IServer server, ILogger<AccountsBootstrap> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
        {
            foreach (var name in DemoAccounts.UserNames)
                await EnsureAsync(name, DemoAccounts.Password, [name], cancellationToken);
        }

        var admin = options.Value.Admin;
        if (!string.IsNullOrWhiteSpace(admin.UserName))
        {
            if (AccessNames.PasswordProblem(admin.Password) is { } problem)
                throw new InvalidOperationException($"Accounts:Admin:Password: {problem}");
            await EnsureAsync(admin.UserName, admin.Password!, [AccessRoles.Admin], cancellationToken);
        }

        if (!await queries.AnyAccountAsync(cancellationToken))
        {
            var path = $"/setup/{setupLink.Issue()}";
            lifetime.ApplicationStarted.Register(() => logger.LogWarning(
                "No account exists and Accounts:Admin is not configured. Create the first admin, once, at {SetupLink}",
                FullAddress(path)));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task EnsureAsync(string userName, string password, IReadOnlyList<string> roles, CancellationToken cancellationToken)
    {
        if (await queries.AccountAsync(userName, cancellationToken) is not null) return;
        var decision = await accounts.CreateAsync(userName, password, roles, AccessActor.System, cancellationToken);
        if (decision.Succeeded)
            logger.LogInformation("Created the account {UserName} with the roles {Roles}", AccessNames.Normalize(userName), string.Join(", ", roles));
        else if (await queries.AccountAsync(userName, cancellationToken) is null) // not another node starting at the same time
            throw new InvalidOperationException($"The account '{userName}' could not be created: {decision.Refusal}");
    }

    private string FullAddress(string path)
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is null ? path : address.TrimEnd('/').Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal) + path;
    }
}
