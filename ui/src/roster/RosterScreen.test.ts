import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetTeam } from '../lib/team.svelte';
import { AppError } from '../lib/errors';
import type { TeamMember } from '../lib/generated/TeamMember';
import RosterScreen from './RosterScreen.svelte';

const backend = vi.hoisted(() => ({
  listRoles: vi.fn(),
  listMembers: vi.fn(),
  createMember: vi.fn(),
  updateMember: vi.fn(),
  removeMember: vi.fn(),
  setMemberLeft: vi.fn(),
  readDate: vi.fn(),
  demoStatus: vi.fn(),
  loadDemo: vi.fn(),
  currentUser: vi.fn(),
  supervisionStatus: vi.fn(),
  supervisionWaiting: vi.fn(),
  supervisionSessions: vi.fn(),
  recordSupervisionSession: vi.fn(),
}));
vi.mock('../lib/backend', () => ({ backend }));

// jsdom has no modal dialogs; these stand in for the browser's.
HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};

const priya: TeamMember = {
  id: 1, name: 'Priya Example', roleKey: 'ot', roleName: 'Occupational therapist',
  organisation: 'Riverside PCN', email: 'priya@example.test', phone: '', coreMember: true,
};

beforeEach(() => {
  forgetTeam();
  vi.resetAllMocks();
  backend.listRoles.mockResolvedValue([{ key: 'ot', name: 'Occupational therapist', clinical: true }]);
  backend.demoStatus.mockResolvedValue({ loaded: false, series: 'Riverside Neighbourhood MDT (demo)', members: 0 });
  backend.supervisionStatus.mockResolvedValue([]);
  backend.currentUser.mockResolvedValue({ member: null, actor: 'root', computerUser: 'root', mustChoose: false, leftRoster: null });
});

describe('RosterScreen', () => {
  it('explains what to do when the roster is empty', async () => {
    backend.listMembers.mockResolvedValue([]);
    render(RosterScreen);
    expect(await screen.findByText('No one on the roster yet')).toBeTruthy();
  });

  it('lists members with their role, contact and core status', async () => {
    backend.listMembers.mockResolvedValue([priya]);
    render(RosterScreen);
    expect(await screen.findByRole('rowheader', { name: 'Priya Example' })).toBeTruthy();
    expect(screen.getByText('priya@example.test')).toBeTruthy();
    expect(screen.getByText('1 member, 1 core')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Edit Priya Example' })).toBeTruthy();
  });

  it('shows the core’s message beside the field it is about, and keeps what was typed', async () => {
    backend.listMembers.mockResolvedValue([]);
    backend.createMember.mockRejectedValue(
      new AppError({ code: 'invalid', field: 'email', message: "'nope' does not look like an email address." }),
    );
    render(RosterScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Add member' }));
    const email = screen.getByLabelText('Email') as HTMLInputElement;
    await fireEvent.input(screen.getByLabelText(/Name/), { target: { value: 'Sam Test' } });
    await fireEvent.input(email, { target: { value: 'nope' } });
    await fireEvent.submit(email.form!);
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const message = document.getElementById(email.getAttribute('aria-describedby')!);
    expect(message?.textContent).toContain('does not look like an email address');
    expect((screen.getByLabelText(/Name/) as HTMLInputElement).value).toBe('Sam Test');
  });

  it('shows why a member cannot be removed', async () => {
    backend.listMembers.mockResolvedValue([priya]);
    backend.removeMember.mockRejectedValue(
      new AppError({ code: 'conflict', message: 'Priya Example owns 2 agreed actions (1 still open).' }),
    );
    render(RosterScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove Priya Example' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Remove from roster' }));
    expect((await screen.findByRole('alert')).textContent).toContain('owns 2 agreed actions');
  });

  it('opens straight into the form for the first person when asked to add my team', async () => {
    backend.listMembers.mockResolvedValue([]);
    render(RosterScreen, { add: true });
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(screen.getByLabelText(/Name/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Add to roster' })).toBeTruthy();
  });

  it('does not open the form unless asked', async () => {
    backend.listMembers.mockResolvedValue([]);
    render(RosterScreen);
    expect(await screen.findByText('No one on the roster yet')).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('offers the demo team only until it is loaded, and then says which members are fictional', async () => {
    backend.listMembers.mockResolvedValue([priya]);
    const first = render(RosterScreen);
    expect(await screen.findByRole('button', { name: 'Add the demo team…' })).toBeTruthy();
    expect(screen.queryByTestId('demo-notice')).toBeNull();
    first.unmount();

    backend.demoStatus.mockResolvedValue({ loaded: true, series: 'Riverside Neighbourhood MDT (demo)', members: 12 });
    render(RosterScreen);
    const notice = await screen.findByTestId('demo-notice');
    expect(notice.textContent?.replace(/\s+/g, ' ')).toContain('12 members of this roster are the fictional demo team');
    expect(screen.queryByRole('button', { name: 'Add the demo team…' })).toBeNull();
  });

  it('asks again who is using the app after the roster changes', async () => {
    backend.listMembers.mockResolvedValue([priya]);
    backend.removeMember.mockResolvedValue(undefined);
    render(RosterScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove Priya Example' }));
    expect(backend.currentUser).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Remove from roster' }));
    await waitFor(() => expect(backend.currentUser).toHaveBeenCalledTimes(1));
  });

  it('warns, in words on their line and above the roster, about an SPLW with no supervision for over a month', async () => {
    const ade: TeamMember = { ...priya, id: 2, name: 'Ade Sample', roleKey: 'splw', roleName: 'Social prescribing link worker', coreMember: true };
    const bo: TeamMember = { ...ade, id: 3, name: 'Bo Linkworker' };
    backend.listMembers.mockResolvedValue([ade, bo, priya]);
    backend.supervisionStatus.mockResolvedValue([
      { memberId: 2, memberName: 'Ade Sample', lastSession: '2026-11-20', overdue: false, words: 'Last supervision 20/11/2026; next due by 20/12/2026', waiting: 0,
        arrangement: { superviseeId: 2, supervisorId: 9, supervisorName: 'Dr Gwen Imaginary', supervisorRoleName: 'GP', scopeConfirmed: false, version: 1 } },
      { memberId: 3, memberName: 'Bo Linkworker', lastSession: '2026-09-01', overdue: true, words: 'No supervision for over a month (last on 01/09/2026)', waiting: 2, arrangement: null },
    ]);
    render(RosterScreen);
    await screen.findByRole('rowheader', { name: 'Bo Linkworker' });
    await waitFor(() => expect(screen.getByTestId('supervision-3').textContent).toContain('⚠ No supervision for over a month (last on 01/09/2026)'));
    expect(screen.getByTestId('supervision-3').textContent).toContain('2 cases to take to supervision');
    expect(screen.getByTestId('supervision-2').textContent?.trim()).toBe('Last supervision 20/11/2026; next due by 20/12/2026 Supervised by Dr Gwen Imaginary  Supervision log');
    expect(screen.getByTestId('supervision-2').textContent).not.toContain('⚠');
    // An OT is not listed for supervision.
    expect(screen.getByTestId('supervision-1').textContent?.trim()).toBe('');
    const warning = screen.getByTestId('supervision-warning').textContent?.replace(/\s+/g, ' ').trim();
    expect(warning).toBe('⚠ Supervision overdue: Bo Linkworker has had no clinical supervision for over a month, or none recorded. The guidance asks that social prescribing link workers have it monthly, most often from a GP.');
  });

  it('opens an SPLW’s supervision log from their row, and the warning goes once a session is recorded', async () => {
    const bo: TeamMember = { ...priya, id: 3, name: 'Bo Linkworker', roleKey: 'splw', roleName: 'Social prescribing link worker' };
    const gp: TeamMember = { ...priya, id: 9, name: 'Dr Gwen Imaginary', roleKey: 'gp', roleName: 'GP' };
    backend.listRoles.mockResolvedValue([{ key: 'splw', name: 'Social prescribing link worker', clinical: false }, { key: 'gp', name: 'GP', clinical: true }]);
    backend.listMembers.mockResolvedValue([bo, gp]);
    const arrangement = { superviseeId: 3, supervisorId: 9, supervisorName: 'Dr Gwen Imaginary', supervisorRoleName: 'GP', scopeConfirmed: false, version: 1 };
    backend.supervisionStatus.mockResolvedValue([
      { memberId: 3, memberName: 'Bo Linkworker', lastSession: null, overdue: true, words: 'No supervision recorded', waiting: 0, arrangement },
    ]);
    backend.supervisionWaiting.mockResolvedValue([]);
    backend.supervisionSessions.mockResolvedValue([]);
    render(RosterScreen);
    expect(await screen.findByTestId('supervision-warning')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Supervision log for Bo Linkworker' }));
    expect(screen.getByRole('dialog', { name: 'Supervision for Bo Linkworker' })).toBeTruthy();
    expect((screen.getByLabelText('Held by') as HTMLSelectElement).value).toBe('9');
    backend.recordSupervisionSession.mockResolvedValue({ id: 1, superviseeId: 3, supervisorId: 9, supervisorName: 'Dr Gwen Imaginary', heldOn: '2026-12-01', format: 'one_to_one', caseReferences: [] });
    backend.supervisionStatus.mockResolvedValue([
      { memberId: 3, memberName: 'Bo Linkworker', lastSession: '2026-12-01', overdue: false, words: 'Last supervision 01/12/2026; next due by 01/01/2027', waiting: 0, arrangement },
    ]);
    await fireEvent.input(screen.getByLabelText('Date held'), { target: { value: '1/12/2026' } });
    await fireEvent.click(screen.getByLabelText('One-to-one'));
    await fireEvent.click(screen.getByRole('button', { name: 'Record session' }));
    await waitFor(() => expect(screen.queryByTestId('supervision-warning')).toBeNull());
    expect(screen.getByTestId('supervision-3').textContent).toContain('Last supervision 01/12/2026');
  });

  it('shows no supervision warning when every SPLW is up to date', async () => {
    backend.listMembers.mockResolvedValue([priya]);
    render(RosterScreen);
    await screen.findByRole('rowheader', { name: 'Priya Example' });
    await waitFor(() => expect(backend.supervisionStatus).toHaveBeenCalled());
    expect(screen.queryByTestId('supervision-warning')).toBeNull();
  });

  it('marks a member as having left: listed apart, counted apart, open actions named, and back again', async () => {
    const ade: TeamMember = { ...priya, id: 2, name: 'Ade Sample', roleKey: 'splw', roleName: 'Social prescribing link worker' };
    backend.listMembers.mockResolvedValue([ade, priya]);
    backend.readDate.mockResolvedValue({ iso: '2026-11-30', words: 'Monday 30 November 2026', daysFromToday: -2 });
    render(RosterScreen);
    await screen.findByRole('rowheader', { name: 'Priya Example' });
    expect(screen.getByText('2 members, 2 core')).toBeTruthy();
    // The control: nobody has left, so there is no list of leavers.
    expect(screen.queryByTestId('leavers')).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Priya Example has left the team' }));
    const day = screen.getByLabelText(/Day they left/) as HTMLInputElement;
    expect(day.value).toBe('today');
    // A day to come is refused beside the field; nothing changes on the roster.
    backend.setMemberLeft.mockRejectedValueOnce(
      new AppError({ code: 'invalid', field: 'leftOn', message: '03/12/2026 is still to come: mark a member as having left on or after the day they go.' }),
    );
    await fireEvent.input(day, { target: { value: '3/12/2026' } });
    await fireEvent.submit(day.form!);
    await waitFor(() => expect(day.getAttribute('aria-invalid')).toBe('true'));
    expect(backend.setMemberLeft).toHaveBeenLastCalledWith(1, '3/12/2026');
    expect(screen.getByRole('rowheader', { name: 'Priya Example' }).closest('[data-testid="leavers"]')).toBeNull();

    const left = { ...priya, leftOn: '2026-11-30' };
    backend.setMemberLeft.mockResolvedValueOnce({ member: left, openActions: 2 });
    backend.listMembers.mockResolvedValue([ade, left]);
    await fireEvent.input(day, { target: { value: '30/11/2026' } });
    await fireEvent.submit(day.form!);
    await waitFor(() => expect(screen.getByTestId('leavers')).toBeTruthy());
    expect(backend.setMemberLeft).toHaveBeenLastCalledWith(1, '30/11/2026');
    const leavers = screen.getByTestId('leavers');
    expect(leavers.textContent).toContain('Priya Example');
    expect(leavers.textContent).toContain('Monday 30 November 2026');
    expect(leavers.textContent).not.toContain('Ade Sample');
    expect(screen.getByText('1 member, 1 core; 1 who has left')).toBeTruthy();
    expect(screen.getByTestId('hand-on').textContent).toContain('Priya Example still has 2 open actions in their name.');

    backend.setMemberLeft.mockResolvedValueOnce({ member: priya, openActions: 2 });
    backend.listMembers.mockResolvedValue([ade, priya]);
    await fireEvent.click(screen.getByRole('button', { name: 'Priya Example is back in the team' }));
    await waitFor(() => expect(screen.queryByTestId('leavers')).toBeNull());
    expect(backend.setMemberLeft).toHaveBeenLastCalledWith(1, null);
    expect(screen.getByText('2 members, 2 core')).toBeTruthy();
    expect(screen.queryByTestId('hand-on')).toBeNull();
  });

  it('offers to mark a member as left when they cannot be removed', async () => {
    backend.listMembers.mockResolvedValue([priya]);
    backend.removeMember.mockRejectedValue(new AppError({ code: 'conflict', message: 'Priya Example owns 2 agreed actions (1 still open), so they cannot be removed.' }));
    render(RosterScreen);
    await fireEvent.click(await screen.findByRole('button', { name: 'Remove Priya Example' }));
    expect(screen.queryByRole('button', { name: 'Mark as left the team…' })).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Remove from roster' }));
    await fireEvent.click(await screen.findByRole('button', { name: 'Mark as left the team…' }));
    expect(screen.getByRole('dialog', { name: 'Priya Example has left the team' })).toBeTruthy();
  });
});
