// Keyboard shortcuts for the review queue and the delta view.
const handled = new Set(["j", "k", "Enter", "i", "x"]);
let listener = null;
let attached = 0;

// Letters typed into a field belong to the field; Enter on a focused button, link or open menu belongs to that
// control (it activates it), not to the shortcuts.
function belongsToControl(event) {
    const target = event.target;
    if (!target || !target.closest) return false;
    if (target.isContentEditable || target.closest("input, textarea, select, .mud-popover-open")) return true;
    return event.key === "Enter" && target.closest("button, a[href], [role=button], [role=option], [role=menuitem]") !== null;
}

// Returns a ticket: detach(ticket) removes the listener only if no later page has attached since, so a page being
// disposed cannot take the shortcuts away from the page that replaced it.
export function attach(dotNet) {
    if (listener) document.removeEventListener("keydown", listener);
    listener = event => {
        if (event.ctrlKey || event.metaKey || event.altKey || !handled.has(event.key) || belongsToControl(event)) return;
        event.preventDefault();
        dotNet.invokeMethodAsync("OnKey", event.key);
    };
    document.addEventListener("keydown", listener);
    return ++attached;
}

export function detach(ticket) {
    if (ticket !== attached || !listener) return;
    document.removeEventListener("keydown", listener);
    listener = null;
}

export function scrollSelected() {
    const row = document.querySelector(".review-row-selected");
    if (row) row.scrollIntoView({ block: "nearest" });
}
