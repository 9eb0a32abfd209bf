// The team roster, fetched once and shared by every screen and dialog that names its members or
// offers them to choose from, instead of each asking the core for it. Asked for again when the
// roster changes in this window (a member added, edited or removed, the demo team added, a backup
// restored) and when the person using the app changes.
import { backend } from './backend';
import type { TeamMember } from './generated/TeamMember';

class Team {
  /** As the core sends it (by name); empty until first loaded. Replaced whole, never changed in place. */
  members = $state.raw<TeamMember[]>([]);
}
export const team = new Team();

let asked = 0;
let newest: Promise<TeamMember[]> | null = null;
// Whether `team.members` is the answer to the newest request (so there is nothing to wait for).
let current = false;

function ask(): Promise<TeamMember[]> {
  const request = ++asked;
  const answer = backend.listMembers().then(
    (members) => {
      // A newer request (after a change) answers for this one too.
      if (request !== asked) return newest ?? members;
      team.members = members;
      current = true;
      return members;
    },
    (thrown) => {
      if (request !== asked && newest) return newest;
      newest = null; // the next use asks again
      throw thrown;
    },
  );
  newest = answer;
  return answer;
}

/**
 * The team: the shared list once loaded, else the answer to the request under way, or a new one.
 * Rejects with the core's error for the caller to show; the next call asks again.
 */
export function teamMembers(): Promise<TeamMember[]> {
  if (current) return Promise.resolve(team.members);
  return newest ?? ask();
}

/**
 * Asks the core again after the roster or the person using the app changed; every view of
 * `team.members` follows. A failure is left for the next `teamMembers()` to ask again and report.
 */
export async function refreshTeam(): Promise<void> {
  current = false;
  await ask().catch(() => undefined);
}

/** Forgets the list, so the next use asks the core (a test starting afresh). */
export function forgetTeam(): void {
  asked++;
  newest = null;
  current = false;
  team.members = [];
}

/**
 * The members to offer in a chooser: those in the team, and anyone already chosen (who may have
 * left since, and must still show as chosen). Those who have left are never offered afresh.
 */
export function choosable(members: TeamMember[], ...chosen: (number | null | undefined)[]): TeamMember[] {
  return members.filter((m) => !m.leftOn || chosen.includes(m.id));
}
