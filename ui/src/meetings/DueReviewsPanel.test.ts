import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ReviewOffer } from '../lib/generated/ReviewOffer';
import DueReviewsPanel from './DueReviewsPanel.svelte';

const backend = vi.hoisted(() => ({ reviewOffer: vi.fn(), addDueReviews: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const person = (caseId: number, reference: string, dueOn: string, overdue: boolean) => ({
  caseId, reference, seriesId: 1, seriesName: 'Riverside Neighbourhood MDT', dueOn, overdue,
  reasons: [{ source: 'next_review' as const, label: 'Next review', dueOn, bookedMeetingId: 3, bookedMeetingTitle: 'Riverside MDT', bookedOn: '2026-03-02', overdue, text: `Review booked for ${dueOn} at Riverside MDT on 02/03/2026` }],
  lastDiscussedOn: '2026-03-02', listingReason: 'Due for review', listedFor: null,
});
const offer: ReviewOffer = {
  meetingId: 5, meetingOn: '2026-03-30',
  due: [person(11, 'AB-0101', '2026-03-23', true), person(12, 'CD-0102', '2026-03-30', false), person(13, 'EF-0103', '2026-03-30', false)],
  objected: ['MN-0107'],
};

beforeEach(() => {
  vi.resetAllMocks();
  backend.reviewOffer.mockResolvedValue(offer);
});

describe('DueReviewsPanel', () => {
  it('adds everyone offered in one step and says who', async () => {
    const ondone = vi.fn();
    backend.addDueReviews.mockResolvedValue({ itemIds: [1, 2, 3], references: ['AB-0101', 'CD-0102', 'EF-0103'] });
    render(DueReviewsPanel, { meetingId: 5, ondone });
    await fireEvent.click(await screen.findByRole('button', { name: 'Add all 3 due' }));
    expect(backend.addDueReviews).toHaveBeenCalledWith(5, [11, 12, 13]);
    await waitFor(() => expect(ondone).toHaveBeenCalledWith('Added 3 people due for review: AB-0101, CD-0102 and EF-0103.'));
  });

  it('adds only the people ticked, says overdue in words, and names who objected as not offered', async () => {
    backend.addDueReviews.mockResolvedValue({ itemIds: [2], references: ['CD-0102'] });
    render(DueReviewsPanel, { meetingId: 5, ondone: vi.fn() });
    const chosen = (await screen.findByRole('button', { name: 'Add chosen' })) as HTMLButtonElement;
    expect(chosen.disabled).toBe(true);
    expect(screen.getByText('Overdue: was due 23/03/2026')).toBeTruthy();
    expect(screen.getByText(/Not offered: MN-0107 objected/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('checkbox', { name: /CD-0102/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Add 1 chosen' }));
    expect(backend.addDueReviews).toHaveBeenCalledWith(5, [12]);
  });

  it('says nobody was added when the core refuses, and shows the offer afresh', async () => {
    const ondone = vi.fn();
    backend.addDueReviews.mockRejectedValue({ code: 'conflict', message: 'EF-0103 is no longer due for review at this meeting.' });
    render(DueReviewsPanel, { meetingId: 5, ondone });
    await fireEvent.click(await screen.findByRole('button', { name: 'Add all 3 due' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nobody was added.');
    expect(alert.textContent).toContain('EF-0103 is no longer due');
    expect(ondone).not.toHaveBeenCalled();
    expect(backend.reviewOffer).toHaveBeenCalledTimes(2);
  });

  it('shows nothing when nobody is due and nobody was left off', async () => {
    backend.reviewOffer.mockResolvedValue({ ...offer, due: [], objected: [] });
    render(DueReviewsPanel, { meetingId: 5, ondone: vi.fn() });
    await waitFor(() => expect(backend.reviewOffer).toHaveBeenCalled());
    await Promise.resolve();
    expect(screen.queryByTestId('due-reviews')).toBeNull();
  });
});
