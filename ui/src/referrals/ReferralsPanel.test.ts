import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { AgendaItem } from '../lib/generated/AgendaItem';
import ReferralsPanel from './ReferralsPanel.svelte';

const backend = vi.hoisted(() => ({ listReferrals: vi.fn(), sharingForItem: vi.fn(), makeReferral: vi.fn(), changeReferralStatus: vi.fn(), readDate: vi.fn(), listDirectory: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const item = { id: 12, caseId: 3, caseReference: 'AB-0101', title: '', presenterId: 2 } as AgendaItem;
const members = [
  { id: 2, name: 'Priya Example', roleKey: 'ot', roleName: 'Occupational therapist', organisation: '', email: '', phone: '', coreMember: true },
  { id: 3, name: 'Ade Sample', roleKey: 'splw', roleName: 'Social prescribing link worker', organisation: '', email: '', phone: '', coreMember: true },
];
const roles = [{ key: 'splw', name: 'Social prescribing link worker', clinical: false }] as never;
const sent = {
  id: 4, caseId: 3, caseReference: 'AB-0101', agendaItemId: 12, meetingId: 1, meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-03-02T13:00',
  fromMemberId: 2, fromName: 'Priya Example', fromRoleName: 'Occupational therapist', to: { kind: 'role', roleKey: 'splw' },
  toLabel: 'Social prescribing link worker', outside: false, madeOn: '2026-03-02', reason: 'Lonely', status: 'sent', statusOn: '2026-03-02',
  declinedReason: '', nextStatuses: ['accepted', 'waiting', 'declined', 'closed'], expectedWaitWeeks: null, feedbackDue: null,
  feedbackGivenOn: null, feedbackOverdue: false, open: true, consent: null, version: 1,
};

beforeEach(() => {
  vi.resetAllMocks();
  backend.listReferrals.mockResolvedValue([]);
  backend.sharingForItem.mockResolvedValue([]);
  backend.listDirectory.mockResolvedValue([]);
  backend.readDate.mockResolvedValue({ iso: '2026-12-15', words: 'Tuesday 15 December 2026', daysFromToday: 13 });
});

describe('ReferralsPanel', () => {
  it('asks consent to share for an outside service, and says plainly when a refusal made no referral', async () => {
    render(ReferralsPanel, { props: { item, members, roles, readOnly: false } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Make a referral' }));
    expect(screen.queryByText(/Does the person agree to share/)).toBeNull();
    await fireEvent.click(screen.getByLabelText('An outside (non-NHS) service'));
    await fireEvent.input(screen.getByLabelText("Service's name"), { target: { value: "Riverside Men's Shed" } });
    expect(screen.getByText("Does the person agree to share information with Riverside Men's Shed?")).toBeTruthy();
    await fireEvent.click(screen.getByLabelText('No, they do not agree'));
    await fireEvent.input(screen.getByLabelText("Reason, in the referrer's words"), { target: { value: 'Company' } });
    backend.makeReferral.mockResolvedValue({
      referral: null,
      notMade: "No referral to Riverside Men's Shed was made: the person did not agree to share information with them. Their answer is recorded.",
      consent: null,
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Make the referral' }));
    await waitFor(() => expect(backend.makeReferral).toHaveBeenCalledWith(12, expect.objectContaining({
      fromMemberId: 2, to: { kind: 'service', name: "Riverside Men's Shed" }, consentToShare: 'refused', reason: 'Company',
    })));
    expect((await screen.findByTestId('referral-not-made')).textContent).toContain("No referral to Riverside Men's Shed was made");
  });

  it('offers only the next statuses, and puts the refusal of a decline without a reason beside its box', async () => {
    backend.listReferrals.mockResolvedValue([sent]);
    render(ReferralsPanel, { props: { item, members, roles, readOnly: false } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Change status' }));
    const select = screen.getByLabelText('What has happened') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Choose…', 'Accepted', 'On the waiting list', 'Declined', 'Closed']);
    await fireEvent.change(select, { target: { value: 'declined' } });
    backend.changeReferralStatus.mockRejectedValueOnce(
      new AppError({ code: 'invalid', field: 'declinedReason', message: 'Say why the referral was declined, as the receiver gave it, so the referrer can act on it.' }),
    );
    await fireEvent.click(screen.getByRole('button', { name: 'Save the status' }));
    expect((await screen.findByText(/Say why the referral was declined/)).classList.contains('field-error')).toBe(true);
    await waitFor(() => expect(document.activeElement?.id).toBe('referral-4-declinedReason'));
    await fireEvent.input(screen.getByLabelText('Why it was declined, as the receiver said'), { target: { value: 'Outside our area' } });
    backend.changeReferralStatus.mockResolvedValueOnce({ ...sent, status: 'declined', declinedReason: 'Outside our area', nextStatuses: [], open: false, version: 2 });
    backend.listReferrals.mockResolvedValue([{ ...sent, status: 'declined', declinedReason: 'Outside our area', nextStatuses: [], open: false, version: 2 }]);
    await fireEvent.click(screen.getByRole('button', { name: 'Save the status' }));
    await waitFor(() => expect(backend.changeReferralStatus).toHaveBeenLastCalledWith(4, 1, { status: 'declined', on: 'today', reason: 'Outside our area' }));
    expect((await screen.findByTestId('referral-status')).textContent).toContain('Declined on 2 Mar 2026: Outside our area');
    expect(screen.queryByRole('button', { name: 'Change status' })).toBeNull();
  });

  it('says consent to share with a service once: in the list of services, not again on the referral', async () => {
    const consent = { id: 7, service: "Riverside Men's Shed", decision: 'agreed', decidedOn: '2026-12-15', recordedBy: 'Priya Example' };
    backend.listReferrals.mockResolvedValue([{ ...sent, to: { kind: 'service', name: "Riverside Men's Shed" }, toLabel: "Riverside Men's Shed", outside: true, consent }]);
    backend.sharingForItem.mockResolvedValue([
      { service: "Riverside Men's Shed", consent, words: "Consent to share with Riverside Men's Shed: agreed on Tuesday 15 December 2026." },
    ]);
    render(ReferralsPanel, { props: { item, members, roles, readOnly: false } });
    expect((await screen.findByTestId('referral')).textContent).toContain("To Riverside Men's Shed (outside service)");
    await waitFor(() => expect(screen.getByTestId('sharing-notice').textContent).toContain("Consent to share with Riverside Men's Shed: agreed"));
    const panel = screen.getByTestId('referrals-panel').textContent ?? '';
    expect(panel.match(/Consent to share with Riverside Men's Shed/g)).toHaveLength(1);
  });

  it("offers the directory's services as suggestions, and shows how to refer when the name typed is one of them", async () => {
    const shed = {
      id: 7, name: 'Northgate Men\'s Shed', offers: 'Woodwork in company', forWhom: 'Adults', howToRefer: 'Email the secretary', contact: 'shed@northgate.example.org',
      area: 'Northgate', lastChecked: '2025-01-10', checkDue: true, checkWords: 'Not checked for a year or more (last checked 10/01/2025)', archived: false,
      version: 3, updatedAt: '', updatedBy: '',
    };
    const walkers = { ...shed, id: 8, name: 'Riverside Walking Group', offers: 'Walks', howToRefer: '', contact: '', checkDue: false, checkWords: 'Checked 01/12/2026' };
    backend.listDirectory.mockResolvedValue([shed, walkers]);
    render(ReferralsPanel, { props: { item, members, roles, readOnly: false } });
    await fireEvent.click(await screen.findByRole('button', { name: 'Make a referral' }));
    await fireEvent.click(screen.getByLabelText('An outside (non-NHS) service'));
    const input = screen.getByLabelText("Service's name") as HTMLInputElement;
    const list = document.getElementById(input.getAttribute('list') ?? '') as HTMLDataListElement;
    await waitFor(() => expect([...list.options].map((o) => o.value)).toEqual(["Northgate Men's Shed", 'Riverside Walking Group']));
    expect(backend.listDirectory).toHaveBeenCalledWith({ text: '', includeArchived: false });
    // A name not in the directory: no details shown (the control for the next step).
    await fireEvent.input(input, { target: { value: 'Quiet Readers' } });
    expect(screen.queryByTestId('referral-directory-entry')).toBeNull();
    // Chosen from the list (in other capitals): how to refer and the contact show, and the stale check in words.
    await fireEvent.input(input, { target: { value: "northgate men's shed " } });
    const shown = (await screen.findByTestId('referral-directory-entry')).textContent ?? '';
    expect(shown).toContain('How to refer: Email the secretary');
    expect(shown).toContain('Contact: shed@northgate.example.org');
    expect(shown).toContain('Not checked for a year or more (last checked 10/01/2025)');
  });
});
