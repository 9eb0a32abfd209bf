import { describe, expect, it } from 'vitest';
import type { EscalationState } from '../lib/generated/EscalationState';
import type { Flag } from '../lib/generated/Flag';
import type { FlagDismissal } from '../lib/generated/FlagDismissal';
import { byOpenFirst, canReopen, closureLine, dismissReasonProblem, dismissalLine, escalationId, escalationLine, escalationWord, raisedWhere, reshownLine } from './lifecycle';

const open: EscalationState = {
  key: { raisedAtItemId: 4, trigger: 'safeguarding', route: 'Safeguarding lead' },
  label: 'Safeguarding concern',
  informed: 'Sam Safe',
  raisedMeetingTitle: 'Riverside MDT',
  raisedMeetingStartsAt: '2026-03-02T13:00',
  carried: true,
  closure: null,
};
const closed: EscalationState = {
  ...open,
  key: { raisedAtItemId: 9, trigger: 'deterioration', route: 'GP' },
  label: 'Deterioration in health',
  informed: '',
  carried: false,
  closure: {
    outcome: 'de_escalated',
    outcomeLabel: 'De-escalated',
    closedById: 1,
    closedByName: 'Dr Gwen Imaginary',
    closedOn: '2026-03-16',
    closedOnWords: 'Monday 16 March 2026',
    reason: 'Breathing settled',
    closedAtItemId: 9,
    closedAtMeetingTitle: 'Riverside MDT',
    recordedBy: 'Dr Gwen Imaginary',
    recordedAt: '2026-03-16T13:20:00Z',
  },
};
const dismissal: FlagDismissal = {
  id: 3,
  code: 'many_professionals',
  flagTitle: '5 professionals already involved',
  flagReason: 'The team’s threshold is 5.',
  reason: 'All five are needed',
  dismissedBy: 'Dr Gwen Imaginary',
  dismissedAt: '2026-03-02T13:40:00Z',
  agendaItemId: 4,
  meetingTitle: 'Riverside MDT',
  meetingStartsAt: '2026-03-02T13:00',
};

describe('escalations in words', () => {
  it('says open or closed in words, with the route, who was informed and where it was raised', () => {
    expect(escalationWord(open)).toBe('Open');
    expect(escalationWord(closed)).toBe('Closed');
    expect(escalationLine(open)).toBe('Safeguarding concern via Safeguarding lead; Sam Safe informed');
    expect(escalationLine(closed)).toBe('Deterioration in health via GP; nobody recorded as informed');
    expect(raisedWhere(open)).toBe('Raised at Riverside MDT, Monday 2 March 2026');
    expect(raisedWhere(closed)).toBe('Raised at this discussion');
    expect(closureLine(closed)).toBe('De-escalated on Monday 16 March 2026 by Dr Gwen Imaginary: Breathing settled');
    expect(closureLine(open)).toBe('');
  });

  it('lists open ones first and reopens only where it was closed', () => {
    expect(byOpenFirst([closed, open]).map(escalationWord)).toEqual(['Open', 'Closed']);
    expect(canReopen(closed, 9)).toBe(true);
    expect(canReopen(closed, 12)).toBe(false);
    expect(canReopen(open, 4)).toBe(false);
    expect(escalationId(open)).toBe('esc-4-safeguarding-Safeguarding_lead');
  });
});

describe('dismissed flags in words', () => {
  it('names where, when, who and why', () => {
    expect(dismissalLine(dismissal, 4)).toBe('Dismissed at this discussion on 2 Mar 2026 by Dr Gwen Imaginary: All five are needed');
    expect(dismissalLine(dismissal, 7)).toBe('Dismissed at Riverside MDT (2 Mar 2026) on 2 Mar 2026 by Dr Gwen Imaginary: All five are needed');
  });

  it('says a flag shown again was dismissed before, and what it said then', () => {
    const flag: Flag = {
      code: 'many_professionals',
      kind: 'warning',
      place: 'case',
      title: '6 professionals already involved',
      reason: 'The team’s threshold is 5.',
      source: 'Working together',
      action: null,
      dismissal: { fingerprint: 'many_professionals:1', canDismiss: true, dismissedBefore: dismissal, whatChanged: 'When it was dismissed it said: "5 professionals already involved"' },
    };
    expect(reshownLine(flag)).toBe(
      'Dismissed before at Riverside MDT (2 Mar 2026) by Dr Gwen Imaginary: “All five are needed”. Shown again because what it rests on has changed. When it was dismissed it said: "5 professionals already involved"',
    );
    expect(reshownLine({ ...flag, dismissal: { ...flag.dismissal, dismissedBefore: null, whatChanged: '' } })).toBeNull();
  });

  it('needs a reason', () => {
    expect(dismissReasonProblem('   ')).toMatch(/Say why/);
    expect(dismissReasonProblem('Not relevant: the services are winding down')).toBeNull();
  });
});
