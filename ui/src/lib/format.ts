// Words and clock faces for what the core stores as codes, dates and seconds.
// The words for codes are defined once, in Rust (src/labels.rs), and generated for the window.
export {
  actionStatusLabels,
  attendanceLabels,
  consentLabels,
  directionLabels,
  meetingStatusLabels,
  needLabels,
  outcomeLabels,
  triggerLabels,
} from './generated/labels';

const days = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2026-03-02" → "Monday 2 March 2026"; with a time part, ", 13:00" is added. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  const date = `${days[day]} ${d} ${months[m - 1]} ${y}`;
  return iso.length > 10 ? `${date}, ${iso.slice(11, 16)}` : date;
}

/** "2026-03-02" → "2 Mar 2026", for tables. */
export function shortDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${months[m - 1].slice(0, 3)} ${y}`;
}

/** Seconds as m:ss (or h:mm:ss), always positive. */
export function clock(seconds: number): string {
  const s = Math.abs(Math.trunc(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

export type CountdownState = 'running' | 'near-end' | 'over';

/**
 * The chair's per-item countdown: time left, or "+m:ss" once over. "near-end" in the last fifth
 * of the allowance (and at most the last two minutes), so the chair can start wrapping up.
 */
export function countdown(allowedMinutes: number, usedSeconds: number): { text: string; state: CountdownState; label: string } {
  const left = allowedMinutes * 60 - usedSeconds;
  if (left < 0) return { text: `+${clock(-left)}`, state: 'over', label: `Over time by ${clock(-left)}` };
  const warnAt = Math.min(120, allowedMinutes * 12);
  const state: CountdownState = left <= warnAt ? 'near-end' : 'running';
  return { text: clock(left), state, label: `${clock(left)} left${state === 'near-end' ? ', nearly out of time' : ''}` };
}

/**
 * A count and its noun, as a person writes them: "1 warning", "2 warnings", "0 cases". The plural
 * is the noun with an s unless given ("1 person", "3 people").
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Today as YYYY-MM-DD in local time. */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A stored date as people in the UK write it: "2026-12-15" → "15/12/2026"; other text as it is. */
export function ukDate(value: string | null | undefined): string {
  if (!value) return '';
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : value;
}

/** "A", "A and B", "A, B and C". */
export function andList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Who presents an agenda item: the presenter, then anyone presenting with them ("" for nobody). */
export function presentedBy(item: { presenterName: string | null; coPresenterNames: string[] }): string {
  return andList([...(item.presenterName ? [item.presenterName] : []), ...item.coPresenterNames]);
}
