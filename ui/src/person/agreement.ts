// The words and choices of the joint-working agreement panel, kept apart from the component so
// they can be tested on their own.
import type { Agreement } from '../lib/generated/Agreement';
import type { AgreementAtItem } from '../lib/generated/AgreementAtItem';
import type { RiskHolder } from '../lib/generated/RiskHolder';
import type { Role } from '../lib/generated/Role';
import type { TeamMember } from '../lib/generated/TeamMember';
import type { Lead } from '../lib/generated/Lead';
import { shortDate } from '../lib/format';

export function blankAgreement(): Agreement {
  return { leads: [], concerns: '', riskHolders: [], emergencyContacts: '' };
}

/** Whether saving a change at this discussion needs a reason: not the first time, and not while
 * correcting what this same discussion first agreed. The core decides the same way. */
export function reasonNeeded(at: AgreementAtItem): boolean {
  return at.saved.version > 0 && at.here?.outcome !== 'agreed';
}

/** Whether the team is asked "Still right?" here: there is an agreement and this discussion has
 * not yet agreed, confirmed or changed it. */
export function asksStillRight(at: AgreementAtItem, readOnly: boolean): boolean {
  return !readOnly && at.saved.version > 0 && at.here === null;
}

/** What this discussion did with the agreement, or where it comes from, in one sentence. */
export function statusLine(at: AgreementAtItem, readOnly: boolean): string {
  const here = at.here;
  if (here?.outcome === 'agreed') return `Agreed at this discussion by ${here.reviewedBy}.`;
  if (here?.outcome === 'confirmed') return `Confirmed as still right at this discussion by ${here.reviewedBy}.`;
  if (here?.outcome === 'changed') return `Changed at this discussion by ${here.reviewedBy}, because: ${here.reason}`;
  if (at.saved.version === 0) return 'Not agreed yet.';
  const last = at.saved.lastReview;
  const from = last
    ? `Last ${last.outcome === 'confirmed' ? 'confirmed' : last.outcome} at ${last.meetingTitle} on ${shortDate(last.meetingStartsAt)}.`
    : 'Taken from earlier case records.';
  return readOnly ? `${from} Not confirmed at this discussion.` : `${from} Still right?`;
}

/** The agreement the panel shows: in read-only minutes, as it stood at this discussion. */
export function shown(at: AgreementAtItem, readOnly: boolean): Agreement {
  return readOnly && at.here ? at.here.agreement : at.saved.agreement;
}

/** "Priya Example (Occupational therapist)" for a member, "Vale CMHT: Dr Sam (outside the team)". */
export function holderText(h: RiskHolder, members: TeamMember[]): string {
  const member = h.memberId === null ? undefined : members.find((m) => m.id === h.memberId);
  const who = member ? `${member.name} (${member.roleName})` : h.memberId !== null ? `Member #${h.memberId}` : `${h.outsideName}, ${h.outsideService} (outside the team)`;
  return h.aspect.trim() ? `${h.aspect}: ${who}` : who;
}

export function leadText(l: Lead, members: TeamMember[], roles: Role[]): string {
  const member = l.memberId === null ? undefined : members.find((m) => m.id === l.memberId);
  const role = l.roleKey === null ? undefined : roles.find((r) => r.key === l.roleKey);
  const who = member ? `${member.name} (${member.roleName})` : role ? `${role.name} (nobody named yet)` : 'Not named';
  return `${l.aspect}: ${who}`;
}

/** A risk holder row being edited: `outside` once "Someone outside the team" is chosen, so the
 * name and service boxes show before anything is typed in them. */
export type DraftHolder = RiskHolder & { outside: boolean };

export function draftHolders(holders: RiskHolder[]): DraftHolder[] {
  return holders.map((h) => ({ ...h, outside: h.memberId === null }));
}

export function savedHolders(rows: DraftHolder[]): RiskHolder[] {
  return rows.map(({ outside, ...h }) => (outside ? { ...h, memberId: null } : { ...h, outsideName: '', outsideService: '' }));
}

/** The risk holder picker's value: "m:12" for a member, "outside" for someone outside the team. */
export function holderChoice(h: DraftHolder): string {
  return h.outside ? 'outside' : h.memberId !== null ? `m:${h.memberId}` : '';
}

export function applyHolderChoice(h: DraftHolder, value: string): void {
  h.outside = value === 'outside';
  h.memberId = value.startsWith('m:') ? Number(value.slice(2)) : null;
}
