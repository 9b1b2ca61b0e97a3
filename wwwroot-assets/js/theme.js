// The person's light/dark choice, kept in this browser only.
// Loaded as a module from App.razor so the page background matches the stored choice before the
// circuit starts (no white flash in dark mode); MainLayout imports the same module to read and
// store the choice.
const storageKey = "backorderdesk.theme";

function readStored() {
    try {
        const value = localStorage.getItem(storageKey);
        return value === "dark" || value === "light" ? value : null;
    } catch {
        // Storage can be disabled (privacy settings); fall back to the system preference.
        return null;
    }
}

function systemPrefersDark() {
    return window.matchMedia?.("(prefers-color-scheme: dark)").matches ?? false;
}

function apply(isDark) {
    document.documentElement.dataset.theme = isDark ? "dark" : "light";
}

/** True when dark mode should be used: the stored choice, or the system preference when none is stored. */
export function isDarkPreferred() {
    const stored = readStored();
    return stored === null ? systemPrefersDark() : stored === "dark";
}

/** Stores the person's choice and applies it to the page background at once. */
export function storeChoice(isDark) {
    try {
        localStorage.setItem(storageKey, isDark ? "dark" : "light");
    } catch {
        // Not persisted; the choice still holds for this page.
    }
    apply(isDark);
}

apply(isDarkPreferred());
