// Keyboard shortcuts for the review queue and the delta view.
import { pageKeys, typedIntoField } from "./page-keys.js";

// Letters typed into a field belong to the field; Enter on a focused button, link or open menu belongs to that
// control (it activates it), not to the shortcuts.
function belongsToControl(event) {
    if (typedIntoField(event)) return true;
    const target = event.target;
    return event.key === "Enter" && !!target && !!target.closest
        && target.closest("button, a[href], [role=button], [role=option], [role=menuitem]") !== null;
}

const keys = pageKeys(new Set(["j", "k", "Enter", "i", "x"]), belongsToControl);

export const attach = keys.attach;
export const detach = keys.detach;

export function scrollSelected() {
    const row = document.querySelector(".review-row-selected");
    if (row) row.scrollIntoView({ block: "nearest" });
}
