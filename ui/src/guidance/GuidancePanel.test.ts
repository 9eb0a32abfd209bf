import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { CaseGuidance } from '../lib/generated/CaseGuidance';
import type { DiscussionRecord } from '../lib/generated/DiscussionRecord';
import GuidancePanel from './GuidancePanel.svelte';

const backend = vi.hoisted(() => ({ caseGuidance: vi.fn(), recordLeadDecision: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const record: DiscussionRecord = {
  situation: '', doneSoFar: '', discussion: '', needs: ['functional', 'social_isolation'], leads: [], riskHolderId: null,
  communicationPlan: '', urgentContacts: '', escalations: [], transitions: [], decision: '', decisionOwnerId: null,
  nextReviewDate: null,
};

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
      questions: [{ code: 'communication', question: 'How will concerns be communicated?', answered: false, answer: '' }],
    },
    escalations: [],
    flags: [
      { code: 'question_communication', kind: 'warning', title: 'Not settled: how will concerns be communicated', reason: 'Both are involved.', source: 'Working together: x', action: null },
      { code: 'joint_debrief', kind: 'suggestion', title: 'Suggest a joint debrief', reason: 'High risk.', source: 'Working together: supervision', action: 'Joint debrief on AB-0101' },
    ],
    overridden: [],
  };
}

function renderPanel() {
  const props = { itemId: 7, record, revision: 0, readOnly: false, onuseleads: vi.fn(async () => {}), onaction: vi.fn(), flush: vi.fn(async () => {}) };
  render(GuidancePanel, { props });
  return props;
}

beforeEach(() => {
  vi.resetAllMocks();
  backend.caseGuidance.mockResolvedValue(guidance());
});

describe('GuidancePanel', () => {
  it('shows the suggestion, its reasons and what is unsettled, asking the core once', async () => {
    renderPanel();
    expect((await screen.findByTestId('suggested-lead')).textContent).toBe('Joint working: OT and SPLW');
    expect(screen.getByText('Functional is tagged.')).toBeTruthy();
    expect(screen.getByText('Working together: key takeaways')).toBeTruthy();
    expect(screen.getByText('Not answered yet')).toBeTruthy();
    expect(screen.getByText('2 open flags')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 1200));
    expect(backend.caseGuidance).toHaveBeenCalledTimes(1);
    expect(backend.caseGuidance).toHaveBeenCalledWith(7, record);
  });

  it('uses the suggested leads, then records the acceptance', async () => {
    const props = renderPanel();
    backend.recordLeadDecision.mockResolvedValue(guidance());
    await fireEvent.click(await screen.findByRole('button', { name: 'Use the suggested leads' }));
    await waitFor(() => expect(backend.recordLeadDecision).toHaveBeenCalledWith(7, ''));
    expect(props.onuseleads).toHaveBeenCalledWith(guidance().suggestedLead.leads);
    expect(props.flush).toHaveBeenCalled();
  });

  it('records a different lead with a reason, and shows the core’s message when it refuses', async () => {
    const props = renderPanel();
    await fireEvent.click(await screen.findByRole('button', { name: 'Record a different lead…' }));
    const reason = screen.getByLabelText('Why the team chose a different lead');
    await fireEvent.input(reason, { target: { value: 'She knows the GP' } });
    backend.recordLeadDecision.mockRejectedValueOnce(new AppError({ code: 'busy', message: 'The database is busy.' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Save reason' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The database is busy.');
    backend.recordLeadDecision.mockResolvedValue(guidance('She knows the GP'));
    await fireEvent.click(screen.getByRole('button', { name: 'Save reason' }));
    expect(await screen.findByText('Reason: “She knows the GP”')).toBeTruthy();
    expect(screen.getByTestId('lead-status').textContent).toBe('Differs from the suggestion, with a reason');
    expect(props.flush).toHaveBeenCalledTimes(2);
  });

  it('offers suggested actions in one step', async () => {
    const props = renderPanel();
    await fireEvent.click(await screen.findByRole('button', { name: 'Add as an action' }));
    expect(props.onaction).toHaveBeenCalledWith('Joint debrief on AB-0101');
  });
});
