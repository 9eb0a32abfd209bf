// Small pure helpers for the teach-in screens.
import { inSentence } from '../roles/profile';
import type { TeachInPresenter } from '../lib/generated/TeachInPresenter';
import type { TeachInRole } from '../lib/generated/TeachInRole';
import type { TeachInSlot } from '../lib/generated/TeachInSlot';

/** Minutes from the start as "0:05". */
export function clock(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "0:02–0:06". */
export function span(slot: TeachInSlot): string {
  return `${clock(slot.startsAfter)}–${clock(slot.startsAfter + slot.minutes)}`;
}

/** "Priya Example and Ade Sample", or a reminder that nobody is chosen yet. */
export function presenterNames(presenters: TeachInPresenter[]): string {
  if (presenters.length === 0) return 'Presenter not chosen';
  const names = presenters.map((p) => p.name);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** "Occupational therapist and social prescribing link worker". */
export function roleNames(names: string[]): string {
  return names.map((n, i) => (i === 0 ? n : inSentence(n))).join(' and ');
}

export const namesOf = (roles: TeachInRole[]) => roles.map((r) => r.name);

/**
 * "About 4 minutes of notes for a 2-minute slot" when the talking points take longer to say than
 * the slot allows (the core times them at about 130 words a minute), otherwise null.
 */
export function notesOver(slot: TeachInSlot): string | null {
  return slot.notesMinutes > slot.minutes ? `About ${slot.notesMinutes} minutes of notes for a ${slot.minutes}-minute slot` : null;
}
