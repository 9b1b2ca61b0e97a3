// Audible cue for receiving: a rising two-tone for cross-dock, one low tone for a shelf, a buzz for an error.
let context;

export function cue(kind) {
    try {
        context ??= new (window.AudioContext || window.webkitAudioContext)();
        const tones = kind === "crossdock" ? [660, 990] : kind === "error" ? [160] : [440];
        tones.forEach((frequency, i) => {
            const oscillator = context.createOscillator();
            const gain = context.createGain();
            oscillator.type = kind === "error" ? "square" : "sine";
            oscillator.frequency.value = frequency;
            gain.gain.value = 0.08;
            oscillator.connect(gain).connect(context.destination);
            const start = context.currentTime + i * 0.12;
            oscillator.start(start);
            oscillator.stop(start + (kind === "error" ? 0.35 : 0.1));
        });
    } catch {
        // No audio device (or audio blocked until a user gesture): the visual cue is enough.
    }
}
