using EventWorkbench.Access;
using EventWorkbench.Storage;
using EventWorkbench.Web.Api;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EventWorkbench.Web.Features.Access;

/// <summary>
/// Sign-in for the pages (a cookie), API keys for the API: requests with an Authorization header are the API's, the
/// rest the cookie's. Accounts, the access log and the start-up accounts are registered here.
/// </summary>
public static class AccessHosting
{
    /// <summary>The default scheme: picks the API key handler or the cookie per request.</summary>
    public const string WorkbenchScheme = "Workbench";

    public static void AddAccess(this WebApplicationBuilder builder) =>
        builder.Services.AddAccess(builder.Configuration, builder.Environment.IsDevelopment());

    /// <summary>Everything access needs; the component tests call this too.</summary>
    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration, bool isDevelopment)
    {
        services.Configure<AccountsOptions>(configuration.GetSection(AccountsOptions.Section));
        services.TryAddSingleton<TimeProvider>(MicrosecondClock.Instance);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AccountsOptions>>().Value;
            return new LockoutPolicy(Math.Max(1, options.MaxFailedSignIns), TimeSpan.FromMinutes(Math.Max(1, options.LockoutMinutes)));
        });
        services.AddSingleton<IPasswordHashing, IdentityPasswordHashing>();
        services.AddSingleton<AccessLog>();
        services.AddSingleton<AccessQueries>();
        services.AddSingleton<AccountAdministration>();
        // The demo password is published: it signs in in Development only, whatever accounts a database holds.
        services.AddSingleton(sp => new SignIns(
            sp.GetRequiredService<AccessLog>(), sp.GetRequiredService<IPasswordHashing>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<LockoutPolicy>(), isDevelopment ? [] : [DemoAccounts.Password]));
        services.AddSingleton<ApiKeyAdministration>();
        services.AddSingleton<ApiKeyVerification>();
        services.AddSingleton<SetupLink>();
        services.AddHostedService<AccountsBootstrap>();

        ProtectionKeyRepository.AddProtectionKeysInTheStore(services);
        services.AddSingleton<SessionValidation>();
        var external = configuration.GetSection($"{AccountsOptions.Section}:OpenIdConnect").Get<ExternalSignInOptions>() ?? new();
        services.AddSingleton(external);
        services.AddAuthentication(options => options.DefaultScheme = WorkbenchScheme)
            .AddPolicyScheme(WorkbenchScheme, "API key or sign-in cookie", options => options.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.Count > 0
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = "EventWorkbench.Session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.LoginPath = "/signin";
                options.ReturnUrlParameter = "returnUrl";
                options.SlidingExpiration = true;
                options.EventsType = typeof(SessionValidation);
            })
            .AddExternalSignIn(external);
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<AccountsOptions>>((cookie, accounts) => cookie.ExpireTimeSpan = TimeSpan.FromHours(Math.Max(1, accounts.Value.SessionHours)));
        services.AddAuthorization(Policies.Configure);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PageAuthorizationResultHandler>();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, AccountRevalidation>();
        services.AddScoped<ClientAddress>();
        services.AddScoped<ActingPerson>();
        return services;
    }
}
