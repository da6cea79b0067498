// One page's keyboard handling at a time: keys it handles go to its .NET component's OnKey, unless a modifier is held
// or the key belongs to a focused control (see ignores). Each module that imports this gets its own listener.
export function pageKeys(handled, ignores) {
    let listener = null;
    let attached = 0;

    // Returns a ticket: detach(ticket) removes the listener only if no later page has attached since, so a page being
    // disposed cannot take the keys away from the page that replaced it.
    function attach(dotNet) {
        if (listener) document.removeEventListener("keydown", listener);
        listener = event => {
            if (event.ctrlKey || event.metaKey || event.altKey || !handled.has(event.key) || ignores(event)) return;
            event.preventDefault();
            dotNet.invokeMethodAsync("OnKey", event.key);
        };
        document.addEventListener("keydown", listener);
        return ++attached;
    }

    function detach(ticket) {
        if (ticket !== attached || !listener) return;
        document.removeEventListener("keydown", listener);
        listener = null;
    }

    return { attach, detach };
}

// Keys typed into a field (or an open menu) belong to it.
export function typedIntoField(event) {
    const target = event.target;
    return !!target && !!target.closest && (target.isContentEditable || target.closest("input, textarea, select, .mud-popover-open") !== null);
}
