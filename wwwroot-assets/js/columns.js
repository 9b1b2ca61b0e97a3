// Which optional columns of a grid a person has chosen to see, kept in this browser only.
// Stored per grid (and per signed-in user, when there is one) as the list of shown column keys.
const prefix = "backorderdesk.columns.";

/** The stored list of shown column keys for the grid, or null when nothing was chosen yet. */
export function read(key) {
    try {
        const value = localStorage.getItem(prefix + key);
        const parsed = value ? JSON.parse(value) : null;
        return Array.isArray(parsed) ? parsed.filter(k => typeof k === "string") : null;
    } catch {
        // Storage disabled or a damaged entry: fall back to the grid's default columns.
        return null;
    }
}

/** Stores the list of shown column keys for the grid. */
export function write(key, shown) {
    try {
        localStorage.setItem(prefix + key, JSON.stringify(shown));
    } catch {
        // Not persisted; the choice still holds on this page.
    }
}
