// The two lists of open referrals draw a page at a time (a ten-year team has hundreds open), with
// the count of all kept in words and buttons for the next page and the rest.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Referral } from '../lib/generated/Referral';
import OpenReferrals from './OpenReferrals.svelte';
import ReferralsArising from './ReferralsArising.svelte';

const backend = vi.hoisted(() => ({ listReferrals: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

/** `n` open referrals, AB-0001 first; the first `overdue` of them with feedback overdue (the core sends those first). */
function referrals(n: number, overdue = 0): Referral[] {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1, caseId: i + 1, caseReference: `AB-${String(i + 1).padStart(4, '0')}`, agendaItemId: 12, meetingId: 1,
    meetingTitle: 'Riverside MDT', meetingStartsAt: '2026-03-02T13:00', fromMemberId: 2, fromName: 'Priya Example',
    fromRoleName: 'Occupational therapist', to: { kind: 'role', roleKey: 'splw' }, toLabel: 'Social prescribing link worker',
    outside: false, madeOn: '2026-03-02', reason: 'Lonely', status: 'sent', statusOn: '2026-03-02', declinedReason: '',
    nextStatuses: ['accepted', 'waiting', 'declined', 'closed'], expectedWaitWeeks: 3, feedbackDue: '2026-03-20',
    feedbackGivenOn: null, feedbackOverdue: i < overdue, open: true, consent: null, version: 1,
  })) as Referral[];
}

const references = (rows: HTMLElement[]) => rows.map((r) => /AB-\d{4}/.exec(r.textContent ?? '')?.[0]);

beforeEach(() => vi.resetAllMocks());

describe('open referrals in matters arising', () => {
  const meeting = { seriesId: 3, startsAt: '2026-03-09T13:00' };

  it('shows the first 25 of 60 with the count of all; the rest are asked for with the same list only when wanted', async () => {
    const all = referrals(60, 3);
    backend.listReferrals.mockResolvedValue(all);
    render(ReferralsArising, { meeting, first: all.slice(0, 25), total: 60 });
    const list = screen.getByTestId('referrals-arising');
    expect(screen.getByText('Open referrals').parentElement?.textContent).toBe('Open referrals (60)');
    let rows = within(list).getAllByRole('listitem');
    expect(rows).toHaveLength(25);
    expect(references(rows).slice(0, 3)).toEqual(['AB-0001', 'AB-0002', 'AB-0003']);
    expect(rows[0].textContent).toContain('Feedback OVERDUE');
    expect(list.textContent).not.toContain('AB-0026');
    expect(screen.getByText('Showing 25 of 60 open referrals.')).toBeTruthy();
    expect(backend.listReferrals).not.toHaveBeenCalled();

    await fireEvent.click(screen.getByRole('button', { name: 'Show 25 more' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(50));
    expect(backend.listReferrals).toHaveBeenCalledWith({ openOnly: true, seriesId: 3, before: '2026-03-09T13:00' });
    rows = within(list).getAllByRole('listitem');
    expect(references(rows).at(-1)).toBe('AB-0050');

    await fireEvent.click(screen.getByRole('button', { name: 'Show all 60' }));
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(60));
    expect(screen.queryByText(/^Showing /)).toBeNull();
  });

  it('shows a short list whole, with no offer of more and nothing more asked for', () => {
    const all = referrals(25);
    render(ReferralsArising, { meeting, first: all, total: 25 });
    expect(within(screen.getByTestId('referrals-arising')).getAllByRole('listitem')).toHaveLength(25);
    expect(screen.queryByRole('button', { name: /^Show/ })).toBeNull();
    expect(backend.listReferrals).not.toHaveBeenCalled();
  });

  it('says when the rest could not be had, and keeps the first page', async () => {
    const all = referrals(30);
    backend.listReferrals.mockRejectedValue({ code: 'internal', message: 'The database is locked.' });
    render(ReferralsArising, { meeting, first: all.slice(0, 25), total: 30 });
    await fireEvent.click(screen.getByRole('button', { name: 'Show all 30' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The database is locked.');
    expect(within(screen.getByTestId('referrals-arising')).getAllByRole('listitem')).toHaveLength(25);
  });
});

describe('open referrals on the Actions screen', () => {
  it('draws 50 rows of 120 with all counted, shows the rest on request, and starts again at 50 for another owner', async () => {
    backend.listReferrals.mockResolvedValue(referrals(120, 4));
    const view = render(OpenReferrals, { referrerId: undefined });
    const section = await screen.findByTestId('open-referrals');
    await waitFor(() => expect(section.textContent).toContain('120 open referrals, feedback overdue on 4'));
    const body = () => section.querySelector('tbody') as HTMLElement;
    expect(within(body()).getAllByRole('row')).toHaveLength(50);
    expect(screen.getByText('Showing 50 of 120 open referrals.')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Show all 120' }));
    expect(within(body()).getAllByRole('row')).toHaveLength(120);
    expect(references(within(body()).getAllByRole('row')).at(-1)).toBe('AB-0120');

    backend.listReferrals.mockResolvedValue(referrals(70));
    await view.rerender({ referrerId: 2 });
    await waitFor(() => expect(section.textContent).toContain('70 open referrals made by this owner'));
    expect(backend.listReferrals).toHaveBeenLastCalledWith({ openOnly: true, fromMemberId: 2 });
    expect(within(body()).getAllByRole('row')).toHaveLength(50);
    expect(screen.getByText('Showing 50 of 70 open referrals.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Show 20 more' })).toBeTruthy();
  });
});
