// Reviews that come back (issue #15): the words and groupings the planning offer and the
// meetings screen's overdue notice use. Who is due, and why, is decided by the core
// (src/reviews.rs); this only says it.
import type { DueReview } from '../lib/generated/DueReview';
import type { MeetingSummary } from '../lib/generated/MeetingSummary';
import { plural, ukDate } from '../lib/format';

/** The one-step button: "Add all 3 due" ("Add the 1 due" for one). */
export function addAllLabel(count: number): string {
  return count === 1 ? 'Add the 1 due' : `Add all ${count} due`;
}

/** The per-person choice's button: "Add 2 chosen". */
export function addChosenLabel(count: number): string {
  return count === 0 ? 'Add chosen' : `Add ${count} chosen`;
}

/** When a person is due, in words that do not rely on colour: "Overdue: was due 30/03/2026". */
export function dueWhen(due: DueReview): string {
  return due.overdue ? `Overdue: was due ${ukDate(due.dueOn)}` : `Due ${ukDate(due.dueOn)}`;
}

/** "3 people are overdue for review" / "1 person is overdue for review". */
export function overdueHeadline(count: number): string {
  return count === 1 ? '1 person is overdue for review' : `${plural(count, 'person', 'people')} are overdue for review`;
}

/** What was added, for the announcement: "Added 3 people due for review: AB-0101, CD-0102 and EF-0103." */
export function addedMessage(references: string[]): string {
  const names = references.length <= 1 ? references.join('') : `${references.slice(0, -1).join(', ')} and ${references.at(-1)}`;
  return `Added ${plural(references.length, 'person', 'people')} due for review: ${names}.`;
}

export interface OverdueGroup {
  seriesName: string;
  people: DueReview[];
  /** The series' soonest meeting still to come that is not cancelled, to plan them into. */
  planAt: MeetingSummary | null;
}

/** The overdue, by series (in the order the core gives, due date then reference), each with the
 * meeting to plan them into. */
export function overdueGroups(overdue: DueReview[], upcoming: MeetingSummary[]): OverdueGroup[] {
  const groups: OverdueGroup[] = [];
  for (const due of overdue) {
    let group = groups.find((g) => g.seriesName === due.seriesName);
    if (!group) {
      const planAt = upcoming.find((m) => m.seriesName === due.seriesName && (m.status === 'planned' || m.status === 'in_progress')) ?? null;
      group = { seriesName: due.seriesName, people: [], planAt };
      groups.push(group);
    }
    group.people.push(due);
  }
  return groups;
}
