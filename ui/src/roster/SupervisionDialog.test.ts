import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { Arrangement } from '../lib/generated/Arrangement';
import type { SupervisionCase } from '../lib/generated/SupervisionCase';
import type { TeamMember } from '../lib/generated/TeamMember';
import SupervisionDialog from './SupervisionDialog.svelte';

const backend = vi.hoisted(() => ({
  setSupervisionArrangement: vi.fn(),
  recordSupervisionSession: vi.fn(),
  supervisionSessions: vi.fn(),
  supervisionWaiting: vi.fn(),
  supervisionStatus: vi.fn(),
}));
vi.mock('../lib/backend', () => ({ backend }));

HTMLDialogElement.prototype.showModal = function () {
  this.setAttribute('open', '');
};

const person = (id: number, name: string, roleKey: string, roleName: string): TeamMember => ({
  id, name, roleKey, roleName, organisation: 'Riverside PCN', email: '', phone: '', coreMember: true,
});
const sam = person(1, 'Sam Linkworker', 'splw', 'Social prescribing link worker');
const gp = person(2, 'Dr Ada GP', 'gp', 'GP');
const ot = person(3, 'Olu OT', 'ot', 'Occupational therapist');
const cc = person(4, 'Cara Coordinator', 'care_coordinator', 'Care coordinator');
const roles = [
  { key: 'splw', name: 'Social prescribing link worker', clinical: false },
  { key: 'gp', name: 'GP', clinical: true },
  { key: 'ot', name: 'Occupational therapist', clinical: true },
  { key: 'care_coordinator', name: 'Care coordinator', clinical: false },
];
const byGp: Arrangement = { superviseeId: 1, supervisorId: 2, supervisorName: 'Dr Ada GP', supervisorRoleName: 'GP', scopeConfirmed: false, version: 1 };
const waitingCase: SupervisionCase = {
  id: 7, superviseeId: 1, superviseeName: 'Sam Linkworker', agendaItemId: 41, meetingId: 5, caseReference: 'RIV-0042',
  meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-11-20T13:00', source: 'raise_in_supervision', sessionId: null,
};

function open(arrangement: Arrangement | null = null) {
  const onchanged = vi.fn();
  render(SupervisionDialog, { member: sam, members: [sam, gp, ot, cc], roles, arrangement, onchanged, onclose: vi.fn() });
  return onchanged;
}

beforeEach(() => {
  vi.resetAllMocks();
  backend.supervisionSessions.mockResolvedValue([]);
  backend.supervisionWaiting.mockResolvedValue([waitingCase]);
});

describe('SupervisionDialog', () => {
  it('offers only clinicians other than the person as supervisor', async () => {
    open();
    const select = screen.getByLabelText('Supervisor') as HTMLSelectElement;
    const names = [...select.options].map((o) => o.textContent);
    expect(names).toEqual(['Choose a clinician…', 'Dr Ada GP (GP)', 'Olu OT (Occupational therapist)']);
  });

  it('asks the guidance’s conditions in plain words when an OT is chosen, and sends the confirmation', async () => {
    backend.setSupervisionArrangement.mockResolvedValue({ ...byGp, supervisorId: 3, supervisorName: 'Olu OT', scopeConfirmed: true });
    const onchanged = open();
    expect(screen.queryByLabelText(/scope of practice/)).toBeNull();
    const select = screen.getByLabelText('Supervisor');
    await fireEvent.change(select, { target: { value: '3' } });
    const confirm = screen.getByLabelText(/I confirm Olu OT’s scope of practice|I confirm Olu OT's scope of practice/) as HTMLInputElement;
    await fireEvent.click(confirm);
    await fireEvent.click(screen.getByRole('button', { name: 'Save supervisor' }));
    await waitFor(() => expect(onchanged).toHaveBeenCalledTimes(1));
    expect(backend.setSupervisionArrangement).toHaveBeenCalledWith(1, 0, { supervisorId: 3, scopeConfirmed: true });
    expect(screen.getByTestId('supervision-said').textContent).toBe('Olu OT now supervises Sam Linkworker.');
    // The session form now offers the supervisor as who held it.
    expect((screen.getByLabelText('Held by') as HTMLSelectElement).value).toBe('3');
  });

  it('refuses a stale save and shows what the other person chose, keeping this choice', async () => {
    backend.setSupervisionArrangement.mockRejectedValue(new AppError({ code: 'conflict', field: 'version', message: 'Who supervises Sam Linkworker was changed by someone else.' }));
    backend.supervisionStatus.mockResolvedValue([
      { memberId: 1, memberName: 'Sam Linkworker', arrangement: { ...byGp, supervisorId: 3, supervisorName: 'Olu OT', supervisorRoleName: 'Occupational therapist', scopeConfirmed: true, version: 2 }, lastSession: null, overdue: true, words: 'No supervision recorded', waiting: 1 },
    ]);
    const onchanged = open(byGp);
    await fireEvent.click(screen.getByRole('button', { name: 'Save supervisor' }));
    const theirs = await screen.findByTestId('arrangement-theirs');
    expect(theirs.textContent).toContain('They chose Olu OT (Occupational therapist)');
    expect((screen.getByLabelText('Supervisor') as HTMLSelectElement).value).toBe('2');
    expect(onchanged).not.toHaveBeenCalled();
    // Saving again is based on their version, knowingly.
    backend.setSupervisionArrangement.mockResolvedValue(byGp);
    await fireEvent.click(screen.getByRole('button', { name: 'Save supervisor' }));
    await waitFor(() => expect(backend.setSupervisionArrangement).toHaveBeenLastCalledWith(1, 2, { supervisorId: 2, scopeConfirmed: false }));
  });

  it('refuses a session with no format beside the field, without asking the core, and keeps the date typed', async () => {
    open(byGp);
    const date = screen.getByLabelText('Date held') as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '01/12/2026' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Record session' }));
    expect(screen.getByTestId('format-error').textContent).toContain('Choose how the session was held');
    expect(backend.recordSupervisionSession).not.toHaveBeenCalled();
    expect(date.value).toBe('01/12/2026');
  });

  it('shows the core’s refusal of a date after today beside the date, keeping it', async () => {
    backend.recordSupervisionSession.mockRejectedValue(new AppError({ code: 'invalid', field: 'heldOn', message: 'That is after today (02/12/2026): record a session once it has been held.' }));
    open(byGp);
    const date = screen.getByLabelText('Date held') as HTMLInputElement;
    await fireEvent.input(date, { target: { value: '25/12/2026' } });
    await fireEvent.click(screen.getByLabelText('One-to-one'));
    await fireEvent.click(screen.getByRole('button', { name: 'Record session' }));
    await waitFor(() => expect(screen.getByTestId('heldOn-error').textContent).toContain('That is after today'));
    expect(date.value).toBe('25/12/2026');
    expect(date.getAttribute('aria-invalid')).toBe('true');
  });

  it('records a session taking a waiting case by its reference, then lists it as held', async () => {
    open(byGp);
    const box = (await screen.findByLabelText(/RIV-0042, discussed at Riverside MDT/)) as HTMLInputElement;
    const link = screen.getByRole('link', { name: 'RIV-0042' });
    expect(link.getAttribute('href')).toBe('#/meetings/5/items/41');
    await fireEvent.input(screen.getByLabelText('Date held'), { target: { value: '01/12/2026' } });
    await fireEvent.click(screen.getByLabelText('Case-based'));
    await fireEvent.click(box);
    backend.recordSupervisionSession.mockResolvedValue({ id: 9, superviseeId: 1, supervisorId: 2, supervisorName: 'Dr Ada GP', heldOn: '2026-12-01', format: 'case_based', caseReferences: ['RIV-0042'] });
    backend.supervisionWaiting.mockResolvedValue([]);
    backend.supervisionSessions.mockResolvedValue([{ id: 9, superviseeId: 1, supervisorId: 2, supervisorName: 'Dr Ada GP', heldOn: '2026-12-01', format: 'case_based', caseReferences: ['RIV-0042'] }]);
    await fireEvent.click(screen.getByRole('button', { name: 'Record session' }));
    await waitFor(() => expect(screen.getByTestId('sessions')).toBeTruthy());
    expect(backend.recordSupervisionSession).toHaveBeenCalledWith({ superviseeId: 1, supervisorId: 2, heldOn: '01/12/2026', format: 'case_based', caseIds: [7] });
    const row = screen.getByRole('rowheader', { name: '1 Dec 2026' }).closest('tr')!;
    expect(row.textContent).toContain('Case-based');
    expect(row.textContent).toContain('RIV-0042');
    expect(screen.getByTestId('waiting-none')).toBeTruthy();
    expect(screen.getByTestId('supervision-said').textContent).toBe('Session on 1 Dec 2026 recorded, taking RIV-0042.');
  });
});
