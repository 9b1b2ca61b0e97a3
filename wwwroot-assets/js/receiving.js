// Receiving at scanner speed. A handheld scanner types a 13-digit code and Enter in 20–40 ms and
// the next code right after, faster than a round trip to the server. So the browser owns the scan
// field: it reads each scan whole on Enter, clears the field at once and queues the scan here; the
// queue is sent to the page's .NET component in order, one scan at a time, each with its own scan id
// (the server applies a scan id exactly once, so a resend never doubles a receipt).
//
// Loaded in the document head (so scans typed while the page is still connecting are kept) and
// imported by the Receiving page; both get this one instance, and a second instance would still
// share the state below through globalThis.

const FIELD_ID = "scan-barcode";
const QTY_ID = "scan-qty";
const PO_ID = "scan-po";
const STATUS_ID = "scan-queue-status";
const STATION_KEY = "backorderdesk.receiving.station";
const WAITING_KEY = "backorderdesk.receiving.waiting";
const NON_TEXT_INPUTS = ["button", "checkbox", "color", "file", "image", "radio", "range", "reset", "submit"];

const state = (globalThis.__backorderDeskReceiving ??= install());

/** Called by the page once the circuit is up: answers this station's id and the scans still waiting. */
export function attach(page) {
    state.page = page;
    state.started = false;
    const field = scanField();
    if (field) {
        if (state.typed && !field.value) {
            // The interactive render replaced the prerendered field; keep what was typed into it.
            field.value = state.typed;
        }

        if (!isTextEntry(document.activeElement)) {
            field.focus({ preventScroll: true });
        }
    }

    renderStatus();
    return { station: stationId(), waiting: state.queue.map(copy) };
}

/** Called by the page once it has listed the station's scans: from now on scans are sent. */
export function start() {
    state.started = true;
    pump();
}

export function detach(page) {
    if (state.page === page) {
        state.page = null;
        state.started = false;
    }
}

/** Audible cue: a rising two-tone for cross-dock, one low tone for a shelf, a buzz for an error. */
export function cue(kind) {
    try {
        state.audio ??= new (window.AudioContext || window.webkitAudioContext)();
        const context = state.audio;
        const tones = kind === "crossdock" ? [660, 990] : kind === "error" ? [160] : [440];
        tones.forEach((frequency, i) => {
            const oscillator = context.createOscillator();
            const gain = context.createGain();
            oscillator.type = kind === "error" ? "square" : "sine";
            oscillator.frequency.value = frequency;
            gain.gain.value = 0.08;
            oscillator.connect(gain).connect(context.destination);
            const begin = context.currentTime + i * 0.12;
            oscillator.start(begin);
            oscillator.stop(begin + (kind === "error" ? 0.35 : 0.1));
        });
    } catch {
        // No audio device (or audio blocked until a user gesture): the visual cue is enough.
    }
}

function install() {
    const s = { queue: loadWaiting(), page: null, started: false, sending: false, failures: 0, typed: "", audio: null, station: null };
    // Capture phase: the scan is taken before anything else on the page can act on the keys.
    document.addEventListener("keydown", onKeyDown, true);
    document.addEventListener("input", onInput, true);
    document.addEventListener("click", onClick);
    return s;
}

function onInput(event) {
    if (event.target?.id === FIELD_ID) {
        state.typed = event.target.value;
    }
}

function onKeyDown(event) {
    const field = scanField();
    if (!field || event.isComposing || event.ctrlKey || event.metaKey || event.altKey) {
        return;
    }

    const target = event.target;
    if (target === field) {
        if (event.key === "Enter") {
            event.preventDefault();
            submit(field.value);
        }

        return;
    }

    if (isTextEntry(target)) {
        return; // Typing into another field (quantity, PO, a search box) is left alone.
    }

    // Focus is elsewhere on the page (a button, a heading, the body, or nowhere because the field
    // was just re-rendered): a scanner's keys still belong to the scan field.
    if (event.key.length === 1) {
        event.preventDefault();
        field.focus({ preventScroll: true });
        field.value = state.typed + event.key;
        state.typed = field.value;
    } else if (event.key === "Enter" && state.typed) {
        event.preventDefault();
        field.focus({ preventScroll: true });
        submit(state.typed);
    }
}

function onClick(event) {
    const field = scanField();
    if (!field) {
        return;
    }

    if (event.target instanceof Element && event.target.closest("[data-scan-submit]")) {
        submit(field.value || state.typed);
    }

    // Back to the scan field after any click that is not into another field, unless the clerk is
    // selecting text (to copy a barcode from the list, say).
    if (!isTextEntry(event.target) && !isTextEntry(document.activeElement) && !String(window.getSelection?.() ?? "")) {
        field.focus({ preventScroll: true });
    }
}

function submit(raw) {
    const field = scanField();
    if (field) {
        field.value = "";
    }

    state.typed = "";
    const barcode = (raw ?? "").trim();
    if (!barcode) {
        return;
    }

    const qtyField = document.getElementById(QTY_ID);
    const qtyText = (qtyField?.value ?? "1").trim();
    const poField = document.getElementById(PO_ID);
    const scan = {
        scanId: newId(),
        barcode,
        // Not a whole number: sent as missing, and the server refuses it with a message that says so.
        qty: /^\d{1,7}$/.test(qtyText) ? Number(qtyText) : null,
        purchaseOrder: poField?.value.trim() || null,
        station: stationId(),
    };
    if (qtyField) {
        qtyField.value = "1";
    }

    state.queue.push(scan);
    saveWaiting();
    if (state.page) {
        // The row appears at once as pending; the answer follows when the scan's turn comes.
        state.page.invokeMethodAsync("Queued", copy(scan)).catch(() => { });
    }

    renderStatus();
    pump();
}

async function pump() {
    if (state.sending || !state.page || !state.started) {
        return;
    }

    state.sending = true;
    try {
        while (state.queue.length > 0 && state.page && state.started) {
            const scan = state.queue[0];
            let answerCue;
            try {
                answerCue = await state.page.invokeMethodAsync("Receive", copy(scan));
            } catch {
                // Not answered (the connection dropped, or the database was busy): keep the scan and
                // send it again with the same scan id, which the server applies at most once.
                state.failures++;
                renderStatus();
                await new Promise(resolve => setTimeout(resolve, Math.min(500 * 2 ** state.failures, 10000)));
                continue;
            }

            state.failures = 0;
            if (state.queue[0] === scan) {
                state.queue.shift();
                saveWaiting();
            }

            if (answerCue) {
                cue(answerCue);
            }

            renderStatus();
        }
    } finally {
        state.sending = false;
    }
}

function renderStatus() {
    const status = document.getElementById(STATUS_ID);
    if (!status) {
        return;
    }

    const waiting = state.queue.length;
    const scans = waiting === 1 ? "1 scan" : `${waiting} scans`;
    let text = "";
    if (waiting > 0 && !state.page) {
        text = `Connecting… ${scans} waiting; they are sent as soon as the page is connected.`;
    } else if (waiting > 0 && state.failures > 0) {
        text = `Could not send the scans yet (${scans} waiting); trying again…`;
    }

    if (status.textContent !== text) {
        status.textContent = text;
    }
}

function scanField() {
    return document.getElementById(FIELD_ID);
}

function isTextEntry(element) {
    if (!(element instanceof HTMLElement)) {
        return false;
    }

    if (element.isContentEditable || element.tagName === "TEXTAREA" || element.tagName === "SELECT") {
        return true;
    }

    return element.tagName === "INPUT" && !NON_TEXT_INPUTS.includes(element.type);
}

function stationId() {
    if (state?.station) {
        return state.station;
    }

    let id = null;
    try {
        id = localStorage.getItem(STATION_KEY);
        if (!id) {
            id = newId();
            localStorage.setItem(STATION_KEY, id);
        }
    } catch {
        id = newId(); // Storage blocked: this page's station lasts as long as the page.
    }

    state.station = id;
    return id;
}

function newId() {
    // crypto.randomUUID needs a secure context; a station on plain http over the LAN has only getRandomValues.
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, b => b.toString(16).padStart(2, "0")).join("");
}

function loadWaiting() {
    try {
        const saved = JSON.parse(sessionStorage.getItem(WAITING_KEY) ?? "[]");
        return Array.isArray(saved) ? saved : [];
    } catch {
        return [];
    }
}

function saveWaiting() {
    try {
        // A reload before the queue is sent does not lose the scans; resending them is safe.
        sessionStorage.setItem(WAITING_KEY, JSON.stringify(state.queue));
    } catch {
        // Storage blocked: the queue lives as long as the page.
    }
}

function copy(scan) {
    return { ...scan };
}
