// How the meeting screen words what finalised minutes keep: amendments with who made them, and
// the guidance flags the chair finalised past. The same words as the minutes PDF.
import type { Amendment } from '../lib/generated/Amendment';
import type { Cancellation } from '../lib/generated/Cancellation';
import type { OverriddenFlag } from '../lib/generated/OverriddenFlag';

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A stored UTC timestamp on this computer's clock: "3 March 2026" and "14:05"; null if unreadable. */
export function localDateTime(iso: string): { date: string; time: string } | null {
  const t = new Date(iso);
  if (!/^\d{4}-\d\d-\d\dT/.test(iso) || Number.isNaN(t.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${t.getDate()} ${months[t.getMonth()]} ${t.getFullYear()}`, time: `${pad(t.getHours())}:${pad(t.getMinutes())}` };
}

/** "Amended on 3 March 2026 by Priya Example: the reason". */
export function amendmentLine(a: Amendment): string {
  const on = localDateTime(a.amendedAt)?.date ?? a.amendedAt;
  const by = a.amendedBy.trim();
  return by ? `Amended on ${on} by ${by}: ${a.reason}` : `Amended on ${on} (by whom was not recorded): ${a.reason}`;
}

/** "Cancelled on 1 December 2026 by Femi Placeholder. Reason: Chair on leave", on this computer's clock. */
export function cancellationLine(c: Cancellation): string {
  const on = localDateTime(c.cancelledAt)?.date ?? c.cancelledAt;
  return `Cancelled on ${on} by ${c.cancelledBy}. Reason: ${c.reason}`;
}

/** Overridden flags grouped by when they were recorded (at finalising: normally one group). */
export function overriddenGroups(flags: OverriddenFlag[]): { when: string; titles: string[] }[] {
  const groups: { at: string; when: string; titles: string[] }[] = [];
  for (const f of flags) {
    const last = groups.at(-1);
    if (last && last.at === f.overriddenAt) {
      last.titles.push(f.detail);
    } else {
      const t = localDateTime(f.overriddenAt);
      groups.push({ at: f.overriddenAt, when: t ? `${t.date} at ${t.time}` : f.overriddenAt, titles: [f.detail] });
    }
  }
  return groups.map(({ when, titles }) => ({ when, titles }));
}
