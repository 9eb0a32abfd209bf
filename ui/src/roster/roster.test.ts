import { describe, expect, it } from 'vitest';
import type { TeamMember } from '../lib/generated/TeamMember';
import { filterMembers } from './roster';

const member = (id: number, name: string, roleName: string, organisation: string): TeamMember => ({
  id, name, roleName, organisation, roleKey: 'x', email: '', phone: '', coreMember: false,
});

const team = [
  member(1, 'Priya Example', 'Occupational therapist', 'Riverside PCN'),
  member(2, 'Ade Sample', 'Social prescribing link worker', 'Riverside PCN'),
  member(3, 'Jo Placeholder', 'GP', 'Hilltop Surgery'),
];

describe('filterMembers', () => {
  it('returns everyone for an empty or blank query', () => {
    expect(filterMembers(team, '')).toHaveLength(3);
    expect(filterMembers(team, '   ')).toHaveLength(3);
  });

  it('matches every word against name, role and organisation, ignoring case', () => {
    expect(filterMembers(team, 'riverside').map((m) => m.id)).toEqual([1, 2]);
    expect(filterMembers(team, 'RIVERSIDE link').map((m) => m.id)).toEqual([2]);
    expect(filterMembers(team, 'hilltop gp').map((m) => m.id)).toEqual([3]);
    expect(filterMembers(team, 'nobody')).toEqual([]);
  });
});
