// How large the chair view draws, for a shared screen across a room: steps like a browser's,
// remembered on this computer.
export const ZOOM_STEPS = [0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];
const KEY = 'mdt.chair.zoom';

/** The nearest step to `value`. */
export function clampZoom(value: number): number {
  return ZOOM_STEPS.reduce((best, step) => (Math.abs(step - value) < Math.abs(best - value) ? step : best), 1);
}

export function loadZoom(): number {
  try {
    const saved = Number(localStorage.getItem(KEY));
    return saved ? clampZoom(saved) : 1;
  } catch {
    return 1;
  }
}

export function saveZoom(value: number) {
  try {
    localStorage.setItem(KEY, String(value));
  } catch {
    // Private storage unavailable: the zoom just is not remembered.
  }
}
