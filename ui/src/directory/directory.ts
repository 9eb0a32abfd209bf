// The directory of local services as the window uses it: a blank form, an entry as a form's copy,
// and finding the entry a typed service name is (ignoring capitals and spaces at the ends), so a
// referral or an outside service typed by hand still picks up the directory's details.
import type { DirectoryEntry } from '../lib/generated/DirectoryEntry';
import type { DirectoryInput } from '../lib/generated/DirectoryInput';
import { ukDate } from '../lib/format';

export function emptyInput(): DirectoryInput {
  return { name: '', offers: '', forWhom: '', howToRefer: '', contact: '', area: '', lastChecked: '' };
}

export function toInput(e: DirectoryEntry): DirectoryInput {
  return {
    name: e.name,
    offers: e.offers,
    forWhom: e.forWhom,
    howToRefer: e.howToRefer,
    contact: e.contact,
    area: e.area,
    lastChecked: ukDate(e.lastChecked),
  };
}

/** The current entry called `name`, if any. */
export function findEntry(entries: DirectoryEntry[], name: string): DirectoryEntry | undefined {
  const wanted = name.trim().toLowerCase();
  if (!wanted) return undefined;
  return entries.find((e) => !e.archived && e.name.toLowerCase() === wanted);
}

/** What a suggestion says beside the name: what it offers and the area, in brief. */
export function suggestionLabel(e: DirectoryEntry): string {
  const offers = e.offers.split('\n')[0];
  const brief = offers.length > 60 ? `${offers.slice(0, 59)}…` : offers;
  return [brief, e.area].filter(Boolean).join(' · ');
}
