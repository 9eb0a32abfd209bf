import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { Agreement } from '../lib/generated/Agreement';
import type { AgreementAtItem } from '../lib/generated/AgreementAtItem';
import type { TeamMember } from '../lib/generated/TeamMember';
import AgreementPanel from './AgreementPanel.svelte';
import { reasonNeeded, statusLine } from './agreement';

const backend = vi.hoisted(() => ({ openAgreement: vi.fn(), confirmAgreement: vi.fn(), changeAgreement: vi.fn(), auditHistory: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const members = [
  { id: 2, name: 'Priya Example', roleKey: 'ot', roleName: 'Occupational therapist' },
  { id: 3, name: 'Ade Sample', roleKey: 'splw', roleName: 'Social prescribing link worker' },
] as TeamMember[];
const roles = [{ key: 'ot', name: 'Occupational therapist', clinical: true }] as never[];

const agreed: Agreement = {
  leads: [{ aspect: 'Home safety', memberId: 2, roleKey: null }],
  concerns: 'Ade phones Priya the same day.',
  riskHolders: [{ aspect: '', memberId: 2, outsideName: '', outsideService: '' }],
  emergencyContacts: 'NHS 111',
};
function at(version: number, agreement: Agreement, here: AgreementAtItem['here'] = null): AgreementAtItem {
  return {
    agendaItemId: 12,
    saved: { caseId: 3, reference: 'AB-0101', agreement, version, savedAt: version ? '2026-03-02T13:30:00Z' : null, savedBy: version ? 'Priya Example' : null,
      lastReview: version ? { agendaItemId: 7, outcome: 'agreed', reason: '', version: 1, agreement, reviewedAt: '', reviewedBy: 'Priya Example', meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-03-02T13:00' } : null },
    here,
  };
}
const blank: Agreement = { leads: [], concerns: '', riskHolders: [], emergencyContacts: '' };

beforeEach(() => vi.resetAllMocks());

describe('the words of the agreement panel', () => {
  it('asks "still right?" with where it was last agreed, and says what this discussion did', () => {
    expect(statusLine(at(0, blank), false)).toBe('Not agreed yet.');
    expect(statusLine(at(1, agreed), false)).toBe('Last agreed at Riverside MDT on 2 Mar 2026. Still right?');
    expect(statusLine(at(1, agreed), true)).toBe('Last agreed at Riverside MDT on 2 Mar 2026. Not confirmed at this discussion.');
    const confirmed = at(1, agreed, { ...at(1, agreed).saved.lastReview!, agendaItemId: 12, outcome: 'confirmed', reviewedBy: 'Ade Sample' });
    expect(statusLine(confirmed, false)).toBe('Confirmed as still right at this discussion by Ade Sample.');
    expect(reasonNeeded(confirmed)).toBe(true);
    expect(reasonNeeded(at(0, blank))).toBe(false);
    const agreedHere = at(1, agreed, { ...confirmed.here!, outcome: 'agreed' });
    expect(reasonNeeded(agreedHere)).toBe(false);
  });
});

describe('AgreementPanel', () => {
  it('confirms an agreement as still right on the version it showed', async () => {
    backend.openAgreement.mockResolvedValue(at(1, agreed));
    backend.confirmAgreement.mockResolvedValue(at(1, agreed, { ...at(1, agreed).saved.lastReview!, agendaItemId: 12, outcome: 'confirmed', reviewedBy: 'Ade Sample' }));
    const onchanged = vi.fn();
    render(AgreementPanel, { itemId: 12, caseId: 3, reference: 'AB-0101', members, roles, onchanged });
    await screen.findByText('Last agreed at Riverside MDT on 2 Mar 2026. Still right?');
    expect(screen.getByText('Home safety: Priya Example (Occupational therapist)')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Still right' }));
    await waitFor(() => expect(backend.confirmAgreement).toHaveBeenCalledWith(12, 1));
    await screen.findByText(/Confirmed as still right at this discussion by Ade Sample/);
    expect(screen.queryByRole('button', { name: 'Still right' })).toBeNull();
    expect(onchanged).toHaveBeenCalledTimes(1);
  });

  it('asks for a reason to change it, and keeps the answers typed when the core refuses', async () => {
    backend.openAgreement.mockResolvedValue(at(1, agreed));
    backend.changeAgreement.mockRejectedValueOnce(new AppError({ code: 'invalid', field: 'reason', message: 'Say why the agreement changes.' }));
    render(AgreementPanel, { itemId: 12, caseId: 3, reference: 'AB-0101', members, roles });
    await fireEvent.click(await screen.findByRole('button', { name: 'Change the agreement…' }));
    const concerns = screen.getByLabelText('How concerns are passed on') as HTMLTextAreaElement;
    expect(concerns.value).toBe('Ade phones Priya the same day.');
    await fireEvent.input(concerns, { target: { value: 'Weekly call' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save agreement' }));
    await screen.findByText('Say why the agreement changes.');
    expect(document.activeElement).toBe(screen.getByLabelText(/Why it changes/));
    expect((screen.getByLabelText('How concerns are passed on') as HTMLTextAreaElement).value).toBe('Weekly call');
    backend.changeAgreement.mockResolvedValueOnce(at(2, { ...agreed, concerns: 'Weekly call' }, { ...at(1, agreed).saved.lastReview!, agendaItemId: 12, outcome: 'changed', reason: 'OT stepped down', reviewedBy: 'Ade Sample' }));
    await fireEvent.input(screen.getByLabelText(/Why it changes/), { target: { value: 'OT stepped down' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save agreement' }));
    await waitFor(() => expect(backend.changeAgreement).toHaveBeenLastCalledWith(12, 1, { ...agreed, concerns: 'Weekly call' }, 'OT stepped down'));
    await screen.findByText(/Changed at this discussion by Ade Sample, because: OT stepped down/);
  });

  it('first time: no reason asked; an outside clinician holds risk with name and service', async () => {
    backend.openAgreement.mockResolvedValue(at(0, blank));
    backend.changeAgreement.mockImplementation(async (_item, _v, a: Agreement) => at(1, a, null));
    render(AgreementPanel, { itemId: 12, caseId: 3, reference: 'AB-0101', members, roles });
    await fireEvent.click(await screen.findByRole('button', { name: 'Agree how we will work together' }));
    expect(screen.queryByLabelText(/Why it changes/)).toBeNull();
    await fireEvent.change(screen.getByLabelText('Who holds risk, holder 1'), { target: { value: 'outside' } });
    await fireEvent.input(screen.getByLabelText("Outside clinician's name, holder 1"), { target: { value: 'Dr Sam Imaginary' } });
    await fireEvent.input(screen.getByLabelText('Their service, holder 1'), { target: { value: 'Vale CMHT' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save agreement' }));
    await waitFor(() => expect(backend.changeAgreement).toHaveBeenCalledTimes(1));
    const [, basedOn, sent, reason] = backend.changeAgreement.mock.calls[0];
    expect([basedOn, reason]).toEqual([0, '']);
    expect(sent.riskHolders).toEqual([{ aspect: '', memberId: null, outsideName: 'Dr Sam Imaginary', outsideService: 'Vale CMHT' }]);
  });
});
