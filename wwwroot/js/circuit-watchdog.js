// A page that is meant to come alive (its layout says so in #circuit-status) but whose live connection never
// starts keeps showing what the server rendered, with every control off. This makes that visible: a banner with
// a reload button, and a report to the server, which logs it. A connection that starts after all (a slow server)
// takes the banner away again.
(() => {
    const patienceMs = 15000;
    let reported = false;

    const status = () => document.getElementById("circuit-status");
    const banner = () => document.getElementById("circuit-failed");
    const isLive = () => status()?.dataset.live === "true";
    const isExpected = () => status()?.dataset.expected === "true";

    function giveUp(reason) {
        if (reported || isLive() || !isExpected()) return;
        reported = true;
        if (banner()) banner().hidden = false;
        watchForLateStart();
        const report = JSON.stringify({ path: location.pathname + location.search, reason: String(reason).slice(0, 500) });
        navigator.sendBeacon("client-problems/circuit", new Blob([report], { type: "application/json" }));
    }

    // Blazor renders #circuit-status again when the page goes live, so the attribute or the element itself changes.
    function watchForLateStart() {
        const observer = new MutationObserver(() => {
            if (!isLive()) return;
            if (banner()) banner().hidden = true;
            observer.disconnect();
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-live"] });
    }

    // Blazor's start-up rejects with the connection's error when the server closes it before the page is live.
    window.addEventListener("unhandledrejection", event => {
        const message = event.reason?.message ?? String(event.reason);
        if (/connection|circuit|server returned/i.test(message)) giveUp(message);
    });
    window.addEventListener("load", () => setTimeout(() => giveUp(`not live ${patienceMs / 1000} s after loading`), patienceMs));
    document.addEventListener("click", event => {
        if (event.target.closest?.(".circuit-reload")) location.reload();
    });
})();
