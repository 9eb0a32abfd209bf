import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetTeam } from '../lib/team.svelte';
import type { AgreedAction } from '../lib/generated/AgreedAction';
import ActionsScreen from './ActionsScreen.svelte';

const backend = vi.hoisted(() => ({
  listMembers: vi.fn(),
  listMeetings: vi.fn(),
  listActions: vi.fn(),
  completeAction: vi.fn(),
  cancelAction: vi.fn(),
  reopenAction: vi.fn(),
  listReferrals: vi.fn(),
}));
vi.mock('../lib/backend', () => ({ backend }));

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};
// jsdom lays nothing out, so it cannot scroll; the browser brings the offer to undo into view.
Element.prototype.scrollIntoView = vi.fn();

const visit: AgreedAction = {
  id: 7, meetingId: 1, meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-03-02T13:00', agendaItemId: 3,
  caseReference: 'AB-0101', description: 'Arrange a joint home visit', ownerId: 2, ownerName: 'Priya Example',
  dueDate: '2026-03-20', status: 'open', doneOn: null, cancelReason: '', overdue: false,
} as AgreedAction;

beforeEach(() => {
  forgetTeam();
  vi.resetAllMocks();
  backend.listMembers.mockResolvedValue([]);
  backend.listMeetings.mockResolvedValue({ upcoming: [], past: [], pastTotal: 0 });
  backend.listReferrals.mockResolvedValue([]);
});

describe('ActionsScreen', () => {
  it('offers to undo marking an action done, with the keyboard on the offer, and reopens it', async () => {
    backend.listActions.mockResolvedValue({ actions: [visit], total: 1, overdue: 0 });
    render(ActionsScreen);
    expect(await screen.findByText('1 action')).toBeTruthy();
    await fireEvent.click(await screen.findByRole('button', { name: 'Mark done: Arrange a joint home visit' }));
    backend.completeAction.mockResolvedValue({ ...visit, status: 'done', doneOn: '2026-03-10' });
    backend.listActions.mockResolvedValue({ actions: [], total: 0, overdue: 0 });
    await fireEvent.input(screen.getByLabelText(/Done on/), { target: { value: '2026-03-10' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mark done' }));

    const undo = await screen.findByRole('button', { name: /^Undo/ });
    await waitFor(() => expect(document.activeElement).toBe(undo));
    expect(Element.prototype.scrollIntoView).toHaveBeenCalled();
    expect(backend.completeAction).toHaveBeenCalledWith(7, '2026-03-10');
    expect(screen.getByTestId('closed-notice').textContent).toContain('Marked done:');
    expect(screen.getByText('0 actions')).toBeTruthy();

    backend.reopenAction.mockResolvedValue(visit);
    backend.listActions.mockResolvedValue({ actions: [visit], total: 1, overdue: 0 });
    await fireEvent.click(undo);
    await waitFor(() => expect(backend.reopenAction).toHaveBeenCalledWith(7));
    await waitFor(() => expect(screen.queryByTestId('closed-notice')).toBeNull());
    const again = await screen.findByRole('button', { name: 'Mark done: Arrange a joint home visit' });
    await waitFor(() => expect(document.activeElement).toBe(again));
  });

  it('offers no undo before anything is closed, nor after a failed close', async () => {
    backend.listActions.mockResolvedValue({ actions: [visit], total: 1, overdue: 0 });
    render(ActionsScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Mark done: Arrange a joint home visit' }));
    expect(screen.queryByRole('button', { name: /^Undo/ })).toBeNull();
    backend.completeAction.mockRejectedValue({ code: 'invalid', field: 'doneOn', message: 'Type the date as year-month-day.' });
    await fireEvent.input(screen.getByLabelText(/Done on/), { target: { value: '31/02/2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Mark done' }));
    expect(await screen.findByText(/Type the date as year-month-day/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Undo/ })).toBeNull();
  });

  it('lists open referrals beside the actions, and with an owner chosen, those they made (feedback owed to them)', async () => {
    const referral = {
      id: 4, caseId: 3, caseReference: 'AB-0101', agendaItemId: 12, meetingId: 1, meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-03-02T13:00',
      fromMemberId: 2, fromName: 'Priya Example', fromRoleName: 'Occupational therapist', to: { kind: 'role', roleKey: 'splw' },
      toLabel: 'Social prescribing link worker', outside: false, madeOn: '2026-03-02', reason: 'Lonely', status: 'sent', statusOn: '2026-03-02',
      declinedReason: '', nextStatuses: ['accepted', 'waiting', 'declined', 'closed'], expectedWaitWeeks: 3, feedbackDue: '2026-03-20',
      feedbackGivenOn: null, feedbackOverdue: true, open: true, consent: null, version: 1,
    };
    backend.listMembers.mockResolvedValue([{ id: 2, name: 'Priya Example', roleKey: 'ot', roleName: 'Occupational therapist', organisation: '', email: '', phone: '', coreMember: true }]);
    backend.listActions.mockResolvedValue({ actions: [], total: 0, overdue: 0 });
    backend.listReferrals.mockResolvedValue([referral]);
    render(ActionsScreen);
    const section = await screen.findByTestId('open-referrals');
    await waitFor(() => expect(section.textContent).toContain('1 open referral, feedback overdue on 1'));
    expect(section.textContent).toContain('Feedback OVERDUE: due to Priya Example by Friday 20 March 2026');
    expect(backend.listReferrals).toHaveBeenLastCalledWith({ openOnly: true, fromMemberId: undefined });
    await screen.findByRole('option', { name: 'Priya Example' });
    await fireEvent.change(screen.getByLabelText('Owner'), { target: { value: '2' } });
    await waitFor(() => expect(backend.listReferrals).toHaveBeenLastCalledWith({ openOnly: true, fromMemberId: 2 }));
    await waitFor(() => expect(section.textContent).toContain('made by this owner (feedback is owed to them)'));
  });
});
