import type { AgendaItem } from '../lib/generated/AgendaItem';

/** The list's ids with the item at `from` moved to `to` (both indexes into the list). */
export function moved(items: { id: number }[], from: number, to: number): number[] {
  const ids = items.map((i) => i.id);
  if (to < 0 || to >= ids.length || from === to) return ids;
  const [id] = ids.splice(from, 1);
  ids.splice(to, 0, id);
  return ids;
}

/** What an agenda line is called: the case reference, or the item's title. */
export function label(item: AgendaItem): string {
  return item.caseReference ?? item.title;
}
