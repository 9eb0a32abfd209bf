import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { CaseGuidance } from '../lib/generated/CaseGuidance';
import FlagNotes from './FlagNotes.svelte';
import GuidanceSummary from './GuidanceSummary.svelte';
import LeadGuidance from './LeadGuidance.svelte';

const backend = vi.hoisted(() => ({ recordLeadDecision: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

function guidance(overrideReason = ''): CaseGuidance {
  return {
    agendaItemId: 7, reference: 'AB-0101', outcome: 'pending',
    suggestedLead: {
      kind: 'joint', summary: 'Joint working: OT and SPLW',
      leads: [
        { aspect: 'Functional assessment', roleKey: 'ot', roleName: 'Occupational therapist', memberId: 1, memberName: 'Priya Example', needs: ['functional'] },
        { aspect: 'Community connection', roleKey: 'splw', roleName: 'Social prescribing link worker', memberId: null, memberName: null, needs: ['social_isolation'] },
      ],
      reasons: [{ text: 'Functional is tagged.', needs: ['functional'], source: 'Working together: key takeaways' }],
    },
    previousLead: null,
    recordedLead: { leads: [], status: overrideReason ? 'differs_with_reason' : 'not_recorded', overrideReason },
    jointWorking: {
      involved: ['OT', 'SPLW'],
      questions: [
        { code: 'leads', question: 'Who is leading on which aspects of support?', short: 'Who leads', answered: true, concern: null, answer: 'OT: falls' },
        { code: 'communication', question: 'How will concerns be communicated?', short: 'Sharing concerns', answered: false, concern: null, answer: '' },
        { code: 'risk_holder', question: 'Who holds responsibility for clinical risk?', short: 'Clinical risk', answered: true, concern: 'Clinical risk held by a non-clinical role', answer: 'Ade Sample (SPLW)' },
        { code: 'urgent_contacts', question: 'Which services should be contacted in an urgent situation?', short: 'Urgent contacts', answered: false, concern: null, answer: '' },
      ],
    },
    escalations: [
      { trigger: 'safeguarding', label: 'Safeguarding concern', why: 'Safeguarding is tagged.', status: 'unrecorded', routes: [], source: 'Working together: escalation' },
      { trigger: 'deterioration', label: 'Deterioration in health', why: 'Worse.', status: 'escalated', routes: [], source: 'Working together: escalation' },
    ],
    flags: [
      { code: 'question_communication', kind: 'warning', place: 'communication', title: 'Not settled: how will concerns be communicated', reason: 'Both are involved.', source: 'Working together: x', action: null, dismissal: { fingerprint: 'f', canDismiss: true, dismissedBefore: null, whatChanged: '' } },
      { code: 'non_clinical_risk_holder', kind: 'warning', place: 'risk_holder', title: 'Clinical risk held by a non-clinical role', reason: 'An SPLW is not a clinical role.', source: 'Working together: escalation', action: null, dismissal: { fingerprint: 'f', canDismiss: true, dismissedBefore: null, whatChanged: '' } },
      { code: 'joint_debrief', kind: 'suggestion', place: 'actions', title: 'Suggest a joint debrief', reason: 'High risk.', source: 'Working together: supervision', action: 'Joint debrief on AB-0101', dismissal: { fingerprint: 'f', canDismiss: true, dismissedBefore: null, whatChanged: '' } },
    ],
    overridden: [],
    dismissed: [],
    escalationStates: [],
  };
}

beforeEach(() => vi.resetAllMocks());

describe('GuidanceSummary', () => {
  it('shows the four questions as four marks in words, an answer with a check against it not as settled', () => {
    render(GuidanceSummary, { props: { guidance: guidance() } });
    expect(screen.getByTestId('question-leads').textContent).toBe('✓ Who leads: settled');
    expect(screen.getByTestId('question-communication').textContent).toBe('! Sharing concerns: not settled');
    expect(screen.getByTestId('question-risk_holder').textContent).toBe('⚠ Clinical risk: settled, but: clinical risk held by a non-clinical role');
    expect(screen.getByTestId('question-urgent_contacts').textContent).toBe('! Urgent contacts: not settled');
  });

  it('lists only escalations still open, and counts the other checks', () => {
    render(GuidanceSummary, { props: { guidance: guidance() } });
    const open = screen.getAllByTestId('summary-escalation').map((e) => e.textContent);
    expect(open).toEqual(['⚠ Safeguarding concern: no route or reason recorded']);
    expect(screen.getByTestId('summary-others').textContent?.trim()).toBe('2 other checks, shown beside their fields in the record.');
    expect(screen.getByTestId('summary-lead').textContent).toContain('Joint working: OT and SPLW · No lead recorded yet');
  });

  it('with nothing suggested, says so and gives no lead status to contradict it', () => {
    const g = guidance();
    g.suggestedLead = { kind: 'none', summary: 'No suggestion yet: tag the person’s needs', leads: [], reasons: [] };
    g.flags = [g.flags[2]];
    render(GuidanceSummary, { props: { guidance: g } });
    expect(screen.getByTestId('summary-lead').textContent).toBe('Lead: No suggestion yet: tag the person’s needs');
    expect(screen.queryByTestId('summary-lead-status')).toBeNull();
    expect(screen.getByTestId('summary-others').textContent?.trim()).toBe('1 other check, shown beside its field in the record.');
  });
});

describe('LeadGuidance', () => {
  function renderLead(g = guidance()) {
    const props = { itemId: 7, guidance: g, readOnly: false, onuseleads: vi.fn(async () => {}), flush: vi.fn(async () => {}), ondecided: vi.fn() };
    render(LeadGuidance, { props });
    return props;
  }

  it('shows the suggestion with its reasons and sources', () => {
    renderLead();
    expect(screen.getByTestId('suggested-lead').textContent).toBe('Joint working: OT and SPLW');
    expect(screen.getByText('Functional is tagged.')).toBeTruthy();
    expect(screen.getByText('Guidance: Working together: key takeaways')).toBeTruthy();
    expect(screen.getByTestId('lead-status').textContent).toBe('No lead recorded yet');
  });

  it('uses the suggested leads, saves, then records the acceptance', async () => {
    const props = renderLead();
    backend.recordLeadDecision.mockResolvedValue(guidance());
    await fireEvent.click(screen.getByRole('button', { name: 'Use the suggested leads' }));
    await waitFor(() => expect(backend.recordLeadDecision).toHaveBeenCalledWith(7, ''));
    expect(props.onuseleads).toHaveBeenCalledWith(guidance().suggestedLead.leads);
    expect(props.flush).toHaveBeenCalled();
    expect(props.ondecided).toHaveBeenCalledWith(guidance());
  });

  it('records a different lead with a reason, and shows the core’s message when it refuses', async () => {
    const props = renderLead();
    await fireEvent.click(screen.getByRole('button', { name: 'Record a different lead…' }));
    await fireEvent.input(screen.getByLabelText('Why the team chose a different lead'), { target: { value: 'She knows the GP' } });
    backend.recordLeadDecision.mockRejectedValueOnce(new AppError({ code: 'busy', message: 'The database is busy.' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save reason' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The database is busy.');
    expect(props.ondecided).not.toHaveBeenCalled();
    backend.recordLeadDecision.mockResolvedValue(guidance('She knows the GP'));
    await fireEvent.click(screen.getByRole('button', { name: 'Save reason' }));
    await waitFor(() => expect(props.ondecided).toHaveBeenCalledWith(guidance('She knows the GP')));
    expect(props.flush).toHaveBeenCalledTimes(2);
  });

  it('says leadership changed since last time only when the core says so', () => {
    const g = guidance();
    g.previousLead = {
      agendaItemId: 3, meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-02-16T13:00', leads: [], needs: [], needsAdded: [], needsRemoved: [], leadChanges: false,
    };
    renderLead(g);
    expect(screen.getByText(/Lead last time/)).toBeTruthy();
    expect(screen.queryByText(/differs from who led last time/)).toBeNull();
  });
});

describe('FlagNotes', () => {
  it('offers a suggested action in one step, and not when read only', async () => {
    const onaction = vi.fn();
    const { unmount } = render(FlagNotes, { props: { flags: guidance().flags.slice(2), onaction } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add as an action' }));
    expect(onaction).toHaveBeenCalledWith('Joint debrief on AB-0101');
    unmount();
    render(FlagNotes, { props: { flags: guidance().flags.slice(2), onaction, readOnly: true } });
    expect(screen.getByText('Suggest a joint debrief.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add as an action' })).toBeNull();
  });

  it('takes a joint debrief to supervision, saying whose list it is on, or why not', async () => {
    const debrief = guidance().flags.slice(2);
    expect(debrief[0].code).toBe('joint_debrief');
    const onsupervision = vi.fn(async () => "AB-0101 is on the list for Ade Sample's next supervision.");
    const { unmount } = render(FlagNotes, { props: { flags: debrief, onsupervision } });
    await fireEvent.click(screen.getByRole('button', { name: 'Take to supervision' }));
    expect(onsupervision).toHaveBeenCalledWith(debrief[0]);
    const said = await screen.findByTestId('flag-supervision');
    expect(said.getAttribute('role')).toBe('status');
    expect(said.textContent).toBe("AB-0101 is on the list for Ade Sample's next supervision.");
    unmount();
    // Refused (no SPLW named): the core's words, as an alert.
    const refusing = vi.fn(async () => {
      throw new AppError({ code: 'invalid', field: 'agendaItemId', message: 'No social prescribing link worker is named on this case. Name the SPLW as a lead first.' });
    });
    const second = render(FlagNotes, { props: { flags: debrief, onsupervision: refusing } });
    await fireEvent.click(screen.getByRole('button', { name: 'Take to supervision' }));
    expect((await screen.findByRole('alert')).textContent).toBe('No social prescribing link worker is named on this case. Name the SPLW as a lead first.');
    second.unmount();
    // Other flags, or read only: no such button.
    render(FlagNotes, { props: { flags: guidance().flags.slice(0, 1), onsupervision } });
    expect(screen.queryByRole('button', { name: 'Take to supervision' })).toBeNull();
  });
});

describe('Dismissing a check', () => {
  it('asks for a reason, keeps the cursor there until one is given, then dismisses by keyboard alone', async () => {
    const ondismiss = vi.fn(async () => {});
    render(FlagNotes, { props: { flags: guidance().flags.slice(0, 1), ondismiss } });
    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss: Not settled: how will concerns be communicated' }));
    const reason = screen.getByLabelText(/Why does this not apply/);
    expect(document.activeElement).toBe(reason);
    await fireEvent.submit(reason.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toMatch(/Say why this flag does not apply/);
    expect(ondismiss).not.toHaveBeenCalled();
    await fireEvent.input(reason, { target: { value: 'Agreed by phone; the SPLW rings the OT' } });
    await fireEvent.submit(reason.closest('form')!);
    await waitFor(() => expect(ondismiss).toHaveBeenCalledWith(guidance().flags[0], 'Agreed by phone; the SPLW rings the OT'));
  });

  it('offers no dismissal for an escalation prompt, nor when read only', () => {
    const flag = { ...guidance().flags[0], dismissal: { fingerprint: 'e', canDismiss: false, dismissedBefore: null, whatChanged: '' } };
    const { unmount } = render(FlagNotes, { props: { flags: [flag], ondismiss: vi.fn() } });
    expect(screen.queryByRole('button', { name: /^Dismiss/ })).toBeNull();
    unmount();
    render(FlagNotes, { props: { flags: guidance().flags.slice(0, 1), ondismiss: vi.fn(), readOnly: true } });
    expect(screen.queryByRole('button', { name: /^Dismiss/ })).toBeNull();
  });
});

describe('GuidanceSummary and escalations over time', () => {
  it('says open and closed in words, and counts dismissed checks', () => {
    const g = guidance();
    const key = { raisedAtItemId: 3, trigger: 'safeguarding' as const, route: 'Safeguarding lead' };
    g.escalationStates = [
      { key, label: 'Safeguarding concern', informed: 'Sam Safe', raisedMeetingTitle: 'Riverside MDT', raisedMeetingStartsAt: '2026-03-02T13:00', carried: true, closure: null },
      {
        key: { ...key, trigger: 'deterioration', route: 'GP' }, label: 'Deterioration in health', informed: '', raisedMeetingTitle: 'Riverside MDT', raisedMeetingStartsAt: '2026-03-16T13:00', carried: false,
        closure: { outcome: 'resolved', outcomeLabel: 'Resolved', closedById: 1, closedByName: 'Dr Gwen Imaginary', closedOn: '2026-03-16', closedOnWords: 'Monday 16 March 2026', reason: 'Seen the same day', closedAtItemId: 7, closedAtMeetingTitle: 'Riverside MDT', recordedBy: 'x', recordedAt: 'x' },
      },
    ];
    g.dismissed = [{ flag: g.flags[0], dismissal: { id: 1, code: 'question_communication', flagTitle: 't', flagReason: 'r', reason: 'Agreed by phone', dismissedBy: 'Dr Gwen Imaginary', dismissedAt: '2026-03-02T13:30:00Z', agendaItemId: 3, meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-03-02T13:00' } }];
    render(GuidanceSummary, { props: { guidance: g } });
    expect(screen.getByTestId('summary-open-escalation').textContent).toBe(
      '⚠ Open escalation: Safeguarding concern, raised 2 Mar 2026',
    );
    expect(screen.getByTestId('summary-closed-escalation').textContent).toBe(
      '✓ Closed escalation: Deterioration in health, resolved 16 Mar 2026',
    );
    expect(screen.getByTestId('summary-dismissed').textContent).toBe('1 check dismissed for this person, listed in the record.');
    // The question whose check is dismissed is not shown as an open "!" any more, nor as settled.
    expect(screen.getByTestId('question-communication').textContent).toBe('– Sharing concerns: not settled; the check is dismissed for this person');
    expect(screen.getByTestId('question-urgent_contacts').textContent).toBe('! Urgent contacts: not settled');
  });
});
