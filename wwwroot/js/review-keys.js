// Keyboard shortcuts for the review queue, and the reviewer name remembered in localStorage.
const reviewerKey = "eventworkbench.reviewer";
const handled = new Set(["j", "k", "Enter", "i", "x"]);
let listener = null;

function isTyping(target) {
    if (!target) return false;
    const tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
}

export function attach(dotNet) {
    detach();
    listener = event => {
        if (event.ctrlKey || event.metaKey || event.altKey || !handled.has(event.key) || isTyping(event.target)) return;
        event.preventDefault();
        dotNet.invokeMethodAsync("OnKey", event.key);
    };
    document.addEventListener("keydown", listener);
}

export function detach() {
    if (listener) document.removeEventListener("keydown", listener);
    listener = null;
}

export function scrollSelected() {
    const row = document.querySelector(".review-row-selected");
    if (row) row.scrollIntoView({ block: "nearest" });
}

export function getReviewer() {
    try { return localStorage.getItem(reviewerKey); } catch { return null; }
}

export function setReviewer(name) {
    try { localStorage.setItem(reviewerKey, name); } catch { /* private mode */ }
}
