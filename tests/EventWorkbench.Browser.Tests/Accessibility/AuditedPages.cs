namespace EventWorkbench.Browser.Tests.Accessibility;

/// <summary>A page the accessibility check opens: its address (placeholders in braces come from <see cref="DemoAddresses"/>)
/// and what is on it once it has loaded what it shows, beyond the circuit being up. Pages are opened signed in as the
/// admin; an <paramref name="Anonymous"/> page (the sign-in form, a plain server-rendered page) without signing in.</summary>
public sealed record AuditedPage(string Name, string Address, string? ReadyWhen = null, bool Anonymous = false);

/// <summary>
/// Every page of the app, one line each: a new page joins the accessibility check by adding its line here. Each page of
/// the menu is here by its plain address (the navigation test holds the menu to that).
/// </summary>
public static class AuditedPages
{
    /// <summary>On every page (the layout's menu button), enabled only once the circuit is up.</summary>
    public const string CircuitUp = "header button[aria-label='Toggle navigation']:not([disabled])";

    private const string Live = ".live-badge";
    private const string KeysReady = "[data-keys-ready=true]";
    private const string ChartsDrawn = ".chart-plot svg.main-svg";

    public static readonly IReadOnlyList<AuditedPage> All =
    [
        new("streams", "/streams", Live),
        new("streams, address it cannot read", "/streams?sort=nonsense", Live),
        new("stream", "/streams/{stream}", Live),
        new("event search", "/events", Live),
        new("event search for a word", "/events?text=refund", Live),
        new("unknown stream", "/streams/no-such-stream"),
        new("review queue", "/review", KeysReady),
        new("review queue, address it cannot read", "/review?outcome=nonsense", KeysReady),
        new("text proposal", "/review/{text-proposal}", KeysReady),
        new("markdown proposal", "/review/{markdown-proposal}", KeysReady),
        new("JSON proposal", "/review/{json-proposal}", KeysReady),
        new("code proposal", "/review/{code-proposal}", KeysReady),
        new("unknown proposal", "/review/no-such-proposal"),
        new("dashboards", "/dashboards", ChartsDrawn),
        new("explore", "/explore", ChartsDrawn),
        new("explore, split", "/explore?dimension=product&measure=acceptance_rate&split=channel", ChartsDrawn),
        new("why", "/why/{text-proposal}", "[data-testid=why-chain]"),
        new("evidence", "/evidence"),
        new("evidence of a stream", "/evidence?stream={stream}", "[data-testid=evidence-links]"),
        new("export", "/export", "[data-testid=export-preview]"),
        new("export, DPO split by seed", "/export?format=trl-dpo&split=validation&seed=7", "[data-testid=export-preview]"),
        new("datasets", "/datasets"),
        new("unknown proposal of a stream", "/review/{stream}/no-such-proposal"),
        new("not found", "/no-such-page"),
        new("accounts", "/admin/accounts", "[data-testid^=account-]"),
        new("API keys", "/admin/api-keys"),
        new("access log", "/admin/access-log"),
        new("seals", "/seals"),
        new("projections", "/projections", "[data-testid=rebuild]:not([disabled])"),
        new("shadow rebuild of the reviews", "/projections/ProposalReview/shadow", "[data-testid=shadow-build]"),
        new("erasure", "/erasure"),
        new("erasure of an unknown subject", "/erasure?subject=no-such-subject", "[data-testid=erasure-unknown]"),
        new("sign-in", "/signin", "#password", Anonymous: true),
    ];

    public static AuditedPage Named(string name) => All.Single(p => p.Name == name);
}
