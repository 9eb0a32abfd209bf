import { describe, expect, it } from 'vitest';
import type { DueReview } from '../lib/generated/DueReview';
import type { MeetingSummary } from '../lib/generated/MeetingSummary';
import { addAllLabel, addChosenLabel, addedMessage, dueWhen, overdueGroups, overdueHeadline } from './reviews';

const due = (reference: string, seriesName: string, dueOn: string, overdue: boolean): DueReview => ({
  caseId: reference.length, reference, seriesId: 1, seriesName, dueOn, overdue, reasons: [], lastDiscussedOn: null,
  listingReason: '', listedFor: null,
});
const meeting = (id: number, seriesName: string, status: MeetingSummary['status'], startsAt: string): MeetingSummary => ({
  id, title: `${seriesName} meeting`, seriesName, startsAt, status, caseCount: 0, actionCount: 0,
});

describe('reviews wording', () => {
  it('names the one-step add with the count, and the chosen add with how many are ticked', () => {
    expect(addAllLabel(3)).toBe('Add all 3 due');
    expect(addAllLabel(1)).toBe('Add the 1 due');
    expect(addChosenLabel(0)).toBe('Add chosen');
    expect(addChosenLabel(2)).toBe('Add 2 chosen');
  });

  it('says overdue in words, with the UK date', () => {
    expect(dueWhen(due('AB-0101', 'North', '2026-03-30', true))).toBe('Overdue: was due 30/03/2026');
    expect(dueWhen(due('AB-0101', 'North', '2026-04-06', false))).toBe('Due 06/04/2026');
  });

  it('counts people in the headline and the announcement', () => {
    expect(overdueHeadline(1)).toBe('1 person is overdue for review');
    expect(overdueHeadline(3)).toBe('3 people are overdue for review');
    expect(addedMessage(['AB-0101'])).toBe('Added 1 person due for review: AB-0101.');
    expect(addedMessage(['AB-0101', 'CD-0102', 'EF-0103'])).toBe('Added 3 people due for review: AB-0101, CD-0102 and EF-0103.');
  });
});

describe('overdueGroups', () => {
  it('groups by series in the given order, planning each into its soonest meeting not cancelled', () => {
    const upcoming = [
      meeting(7, 'North', 'cancelled', '2026-04-01T13:00'),
      meeting(8, 'South', 'planned', '2026-04-02T13:00'),
      meeting(9, 'North', 'planned', '2026-04-08T13:00'),
      meeting(10, 'North', 'planned', '2026-04-15T13:00'),
    ];
    const groups = overdueGroups(
      [due('AB-0101', 'North', '2026-03-01', true), due('ZZ-0001', 'East', '2026-03-02', true), due('CD-0102', 'North', '2026-03-03', true)],
      upcoming,
    );
    expect(groups.map((g) => [g.seriesName, g.people.map((p) => p.reference), g.planAt?.id ?? null])).toEqual([
      ['North', ['AB-0101', 'CD-0102'], 9],
      ['East', ['ZZ-0001'], null],
    ]);
  });

  it('has nothing to say when nobody is overdue', () => {
    expect(overdueGroups([], [meeting(1, 'North', 'planned', '2026-04-08T13:00')])).toEqual([]);
  });
});
