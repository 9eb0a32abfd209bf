// Small pure helpers for the guidance panel and review: turning suggestions into leads, the
// lead picker's values, and words for what the core sends as codes.
import type { CaseGuidance } from '../lib/generated/CaseGuidance';
import type { Flag } from '../lib/generated/Flag';
import type { Lead } from '../lib/generated/Lead';
import type { MeetingReview } from '../lib/generated/MeetingReview';
import type { SuggestedLead } from '../lib/generated/SuggestedLead';
import type { TeamMember } from '../lib/generated/TeamMember';

/** The role a recorded lead stands for: its member's role, or the role named. */
export function leadRole(lead: Lead, members: TeamMember[]): string | null {
  const member = members.find((m) => m.id === lead.memberId);
  return member?.roleKey ?? lead.roleKey;
}

/**
 * The recorded leads with every suggested lead added whose role is not covered yet. Leads the
 * team already recorded stay as they are; empty rows are dropped.
 */
export function withSuggestedLeads(current: Lead[], suggested: SuggestedLead[], members: TeamMember[]): Lead[] {
  const kept = current.filter((l) => l.aspect.trim() !== '' || l.memberId !== null || l.roleKey !== null);
  const covered = new Set(kept.map((l) => leadRole(l, members)));
  const added = suggested
    .filter((s) => !covered.has(s.roleKey))
    .map((s) => ({ aspect: s.aspect, memberId: s.memberId, roleKey: s.memberId === null ? s.roleKey : null }));
  return [...kept, ...added];
}

/** The lead picker's value: "m:12" for a member, "r:splw" for a role with nobody named yet. */
export function leadChoice(lead: Lead): string {
  if (lead.memberId !== null) return `m:${lead.memberId}`;
  if (lead.roleKey !== null) return `r:${lead.roleKey}`;
  return '';
}

export function applyLeadChoice(lead: Lead, value: string): void {
  const [kind, rest] = [value.slice(0, 2), value.slice(2)];
  lead.memberId = kind === 'm:' ? Number(rest) : null;
  lead.roleKey = kind === 'r:' ? rest : null;
}

/** Flags shown in their own sections of the panel (the checklist and escalation) are left out. */
export function otherFlags(flags: Flag[]): Flag[] {
  return flags.filter((f) => !f.code.startsWith('question_') && !f.code.startsWith('escalation_'));
}

// Words for the guidance's statuses are defined once, in Rust, and generated for the window.
export { escalationStatusLabels, leadStatusLabels } from '../lib/generated/labels';

/** What finalising would record: flags on discussed cases, and the cases that carry forward. */
export function finaliseSummary(
  review: MeetingReview,
  recorded: readonly number[] = [],
): { flagged: CaseGuidance[]; overridden: number; carried: string[] } {
  // `recorded`: pending cases with something recorded, which finalising marks discussed.
  const isDiscussed = (c: CaseGuidance) => c.outcome === 'discussed' || (c.outcome === 'pending' && recorded.includes(c.agendaItemId));
  const discussed = review.cases.filter(isDiscussed);
  return {
    flagged: discussed.filter((c) => c.flags.length > 0),
    overridden: discussed.reduce((n, c) => n + c.flags.length, 0),
    carried: review.cases.filter((c) => !isDiscussed(c)).map((c) => c.reference),
  };
}
