import type { TeamMember } from '../lib/generated/TeamMember';

/** Members whose name, role or organisation contains every word typed, ignoring case. */
export function filterMembers(members: TeamMember[], query: string): TeamMember[] {
  const words = query.toLocaleLowerCase('en-GB').split(/\s+/).filter(Boolean);
  if (words.length === 0) return members;
  return members.filter((m) => {
    const haystack = `${m.name} ${m.roleName} ${m.organisation}`.toLocaleLowerCase('en-GB');
    return words.every((w) => haystack.includes(w));
  });
}
