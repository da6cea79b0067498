// Keyboard stepping through a stream's history: left/right one event, Home/End the first and the last.
import { pageKeys, typedIntoField } from "./page-keys.js";

// Shift+arrow selects text and is left to the browser, as are keys typed into the slider and the jump boxes.
const keys = pageKeys(new Set(["ArrowLeft", "ArrowRight", "Home", "End"]), event => event.shiftKey || typedIntoField(event));

export const attach = keys.attach;
export const detach = keys.detach;

export function scrollCurrent() {
    const card = document.querySelector(".event-current");
    if (card) card.scrollIntoView({ block: "nearest" });
}
