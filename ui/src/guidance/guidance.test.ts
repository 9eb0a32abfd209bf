import { describe, expect, it } from 'vitest';
import type { CaseGuidance } from '../lib/generated/CaseGuidance';
import type { Flag } from '../lib/generated/Flag';
import type { Lead } from '../lib/generated/Lead';
import type { MeetingReview } from '../lib/generated/MeetingReview';
import type { SuggestedLead } from '../lib/generated/SuggestedLead';
import type { TeamMember } from '../lib/generated/TeamMember';
import { applyLeadChoice, finaliseSummary, leadChoice, otherFlags, withSuggestedLeads } from './guidance';

const members = [
  { id: 1, name: 'Priya Example', roleKey: 'ot' },
  { id: 2, name: 'Ade Sample', roleKey: 'splw' },
] as TeamMember[];

const suggested = (roleKey: string, aspect: string, memberId: number | null): SuggestedLead => ({
  aspect, roleKey, roleName: roleKey, memberId, memberName: null, needs: [],
});

describe('withSuggestedLeads', () => {
  it('adds the suggested roles not yet covered and keeps what the team recorded', () => {
    const current: Lead[] = [
      { aspect: 'Graded activity', memberId: 1, roleKey: null },
      { aspect: '', memberId: null, roleKey: null },
    ];
    const leads = withSuggestedLeads(current, [suggested('ot', 'Functional assessment', 1), suggested('splw', 'Community connection', null)], members);
    expect(leads).toEqual([
      { aspect: 'Graded activity', memberId: 1, roleKey: null },
      { aspect: 'Community connection', memberId: null, roleKey: 'splw' },
    ]);
  });

  it('names the involved member when the core found one', () => {
    expect(withSuggestedLeads([], [suggested('splw', 'Community connection', 2)], members)).toEqual([
      { aspect: 'Community connection', memberId: 2, roleKey: null },
    ]);
  });
});

describe('lead choices', () => {
  it('round-trips members and roles', () => {
    const lead: Lead = { aspect: 'x', memberId: null, roleKey: null };
    expect(leadChoice(lead)).toBe('');
    applyLeadChoice(lead, 'r:splw');
    expect(lead).toEqual({ aspect: 'x', memberId: null, roleKey: 'splw' });
    expect(leadChoice(lead)).toBe('r:splw');
    applyLeadChoice(lead, 'm:12');
    expect(lead).toEqual({ aspect: 'x', memberId: 12, roleKey: null });
    expect(leadChoice(lead)).toBe('m:12');
  });
});

describe('review helpers', () => {
  const flag = (code: Flag['code']) => ({ code, kind: 'warning', title: code, reason: '', source: '', action: null }) as Flag;

  it('keeps checklist and escalation flags out of the other-flags list', () => {
    const flags = [flag('question_leads'), flag('escalation_unrecorded'), flag('role_drift_action')];
    expect(otherFlags(flags).map((f) => f.code)).toEqual(['role_drift_action']);
  });

  it('counts only flags on discussed cases as overridden at finalising', () => {
    const c = (reference: string, outcome: CaseGuidance['outcome'], n: number) =>
      ({ reference, outcome, flags: Array.from({ length: n }, () => flag('question_leads')) }) as CaseGuidance;
    const review = { cases: [c('AB', 'discussed', 2), c('CD', 'discussed', 0), c('EF', 'pending', 3)] } as MeetingReview;
    const summary = finaliseSummary(review);
    expect(summary.overridden).toBe(2);
    expect(summary.flagged.map((x) => x.reference)).toEqual(['AB']);
    expect(summary.carried).toEqual(['EF']);
  });

  it('counts a pending case with something recorded as discussed, as finalising marks it', () => {
    const c = (id: number, reference: string, outcome: CaseGuidance['outcome'], n: number) =>
      ({ agendaItemId: id, reference, outcome, flags: Array.from({ length: n }, () => flag('question_leads')) }) as CaseGuidance;
    const review = { cases: [c(1, 'AB', 'discussed', 2), c(2, 'EF', 'pending', 3), c(3, 'GH', 'pending', 1), c(4, 'JK', 'not_discussed', 1)] } as MeetingReview;
    const summary = finaliseSummary(review, [2]);
    expect(summary.overridden).toBe(5);
    expect(summary.flagged.map((x) => x.reference)).toEqual(['AB', 'EF']);
    expect(summary.carried).toEqual(['GH', 'JK']);
  });
});
