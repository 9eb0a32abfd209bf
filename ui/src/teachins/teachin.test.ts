import { describe, expect, it } from 'vitest';
import type { TeachInSlot } from '../lib/generated/TeachInSlot';
import { clock, notesOver, presenterNames, roleNames, span } from './teachin';

const person = (name: string) => ({ memberId: 1, name, roleKey: 'ot', roleName: 'Occupational therapist' });

describe('teach-in helpers', () => {
  it('shows elapsed time as hours and minutes', () => {
    expect(clock(0)).toBe('0:00');
    expect(clock(75)).toBe('1:15');
    const slot = { startsAfter: 2, minutes: 4 } as TeachInSlot;
    expect(span(slot)).toBe('0:02–0:06');
  });

  it('names the presenters, or says nobody is chosen', () => {
    expect(presenterNames([])).toBe('Presenter not chosen');
    expect(presenterNames([person('Priya Example')])).toBe('Priya Example');
    expect(presenterNames([person('A'), person('B'), person('C')])).toBe('A, B and C');
    expect(roleNames(['Occupational therapist', 'Social prescribing link worker'])).toBe(
      'Occupational therapist and social prescribing link worker',
    );
  });

  it('says when the notes run over their slot', () => {
    const slot = (minutes: number, notesMinutes: number) => ({ minutes, notesMinutes }) as TeachInSlot;
    expect(notesOver(slot(2, 4))).toBe('About 4 minutes of notes for a 2-minute slot');
    expect(notesOver(slot(2, 2))).toBeNull();
    expect(notesOver(slot(3, 0))).toBeNull();
  });
});
