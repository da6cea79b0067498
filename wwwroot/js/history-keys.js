// Keyboard stepping through a stream's history: left/right one event, Home/End the first and the last.
const handled = new Set(["ArrowLeft", "ArrowRight", "Home", "End"]);
let listener = null;
let attached = 0;

// Keys typed into a field (the slider, the jump boxes) belong to the field.
function belongsToControl(event) {
    const target = event.target;
    if (!target || !target.closest) return false;
    return target.isContentEditable || target.closest("input, textarea, select, .mud-popover-open") !== null;
}

// Returns a ticket: detach(ticket) removes the listener only if no later page has attached since.
export function attach(dotNet) {
    if (listener) document.removeEventListener("keydown", listener);
    listener = event => {
        if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || !handled.has(event.key) || belongsToControl(event)) return;
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

export function scrollCurrent() {
    const card = document.querySelector(".event-current");
    if (card) card.scrollIntoView({ block: "nearest" });
}
