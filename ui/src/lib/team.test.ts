import { describe, expect, it } from 'vitest';
import type { TeamMember } from './generated/TeamMember';
import { choosable } from './team.svelte';

const member = (id: number, leftOn?: string): TeamMember => ({
  id, name: `Member ${id}`, roleKey: 'ot', roleName: 'Occupational therapist', organisation: '', email: '', phone: '', coreMember: true,
  ...(leftOn ? { leftOn } : {}),
});

describe('choosable', () => {
  const team = [member(1), member(2, '2026-11-30'), member(3), member(4, '2026-10-01')];
  it('offers those in the team and not those who have left', () => {
    expect(choosable(team).map((m) => m.id)).toEqual([1, 3]);
    expect(choosable(team, null, undefined).map((m) => m.id)).toEqual([1, 3]);
  });
  it('keeps anyone already chosen, though they have left, in roster order', () => {
    expect(choosable(team, 4).map((m) => m.id)).toEqual([1, 3, 4]);
    expect(choosable(team, 2, 4, 1).map((m) => m.id)).toEqual([1, 2, 3, 4]);
  });
});
