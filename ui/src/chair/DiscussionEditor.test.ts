import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { AgendaItem } from '../lib/generated/AgendaItem';
import { LiveGuidance } from '../guidance/live.svelte';
import DiscussionEditor from './DiscussionEditor.svelte';
import { emptyRecord } from './record-session.svelte';

const backend = vi.hoisted(() => ({
  openDiscussion: vi.fn(),
  saveDiscussion: vi.fn(),
  mergeDiscussion: vi.fn(),
  listActions: vi.fn(),
  readDate: vi.fn(),
  caseGuidance: vi.fn(),
  addAction: vi.fn(),
  openPersonProfile: vi.fn(),
  openAgreement: vi.fn(),
  listReferrals: vi.fn(),
  outcomesForPerson: vi.fn(),
  outcomeMeasures: vi.fn(),
  sharingForItem: vi.fn(),
}));
vi.mock('../lib/backend', () => ({ backend }));

const item = {
  id: 12, meetingId: 1, position: 1, kind: 'case', caseId: 3, caseReference: 'AB-0101', hasIdentifier: false, title: '', reason: '',
  presenterId: null, presenterName: null, coPresenterIds: [], coPresenterNames: [], minutesAllowed: 10, consent: 'agreed', outcome: 'pending', secondsUsed: 0, carriedFrom: null,
  teachInId: null, professionals: [],
  // A stale copy, as the chair view's meeting record holds it: the editor must not show it.
  discussion: { ...emptyRecord(), situation: 'Stale copy from when the chair view opened' },
  actions: [],
} as AgendaItem;

beforeEach(() => {
  vi.resetAllMocks();
  backend.openDiscussion.mockResolvedValue({ record: { ...emptyRecord(), situation: 'Saved since' }, version: 4, savedAt: null, savedBy: null });
  backend.listActions.mockResolvedValue({ actions: [], total: 0, overdue: 0 });
  backend.listReferrals.mockResolvedValue([]);
  backend.outcomesForPerson.mockResolvedValue([]);
  backend.outcomeMeasures.mockResolvedValue([]);
  backend.sharingForItem.mockResolvedValue([]);
  backend.openPersonProfile.mockResolvedValue({ caseId: 3, reference: 'AB-0101', profile: { whatMatters: '', goals: '', carePlanReference: '' }, version: 0, savedAt: null, savedBy: null });
  backend.openAgreement.mockResolvedValue({ agendaItemId: 12, saved: { caseId: 3, reference: 'AB-0101', agreement: { leads: [], concerns: '', riskHolders: [], emergencyContacts: '' }, version: 0, savedAt: null, savedBy: null, lastReview: null }, here: null });
  backend.saveDiscussion.mockImplementation(async (_id, v, r) => ({ version: v + 1, savedAt: '', saved: r, notSaved: [] }));
  backend.readDate.mockResolvedValue({ iso: '2026-12-15', words: 'Tuesday 15 December 2026', daysFromToday: 14 });
});

describe('DiscussionEditor', () => {
  it('opens on the record as saved now, not the copy it was given, and saves typing on that version', async () => {
    render(DiscussionEditor, { props: { item, members: [], roles: [], readOnly: false } });
    const situation = (await screen.findByLabelText('Situation and background')) as HTMLTextAreaElement;
    expect(situation.value).toBe('Saved since');
    expect(backend.openDiscussion).toHaveBeenCalledWith(12);
    await fireEvent.input(situation, { target: { value: 'Saved since, and more' } });
    await waitFor(() => expect(backend.saveDiscussion).toHaveBeenCalled(), { timeout: 3000 });
    const [id, version, record] = backend.saveDiscussion.mock.calls[0];
    expect([id, version, record.situation]).toEqual([12, 4, 'Saved since, and more']);
    await waitFor(() => expect(screen.getByTestId('save-state').textContent).toMatch(/^\s*Saved at/));
  });
});

describe('DiscussionEditor actions', () => {
  it('puts the core’s refusal beside the field it names, with the cursor there, and keeps what was typed', async () => {
    backend.addAction.mockRejectedValueOnce(new AppError({ code: 'invalid', field: 'ownerId', message: 'Choose who will do it.' }));
    render(DiscussionEditor, { props: { item, members: [], roles: [], readOnly: false } });
    const description = (await screen.findByLabelText('New action')) as HTMLInputElement;
    await fireEvent.input(description, { target: { value: 'Book a joint visit' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add action' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('Choose who will do it.'));
    const owner = screen.getByLabelText('Action owner');
    expect(document.activeElement).toBe(owner);
    expect(owner.getAttribute('aria-invalid')).toBe('true');
    expect(description.getAttribute('aria-invalid')).toBeNull();
    expect(description.value).toBe('Book a joint visit');
    expect(backend.addAction).toHaveBeenCalledWith(12, { description: 'Book a joint visit', ownerId: 0, dueDate: null });
  });
});

describe('DiscussionEditor with the live guidance', () => {
  it('saves while the guidance follows the record, and the guidance is asked once per pause, not in a loop', async () => {
    backend.caseGuidance.mockImplementation(async () => ({ flags: [], escalations: [] }));
    const live = new LiveGuidance(12, 50);
    render(DiscussionEditor, { props: { item, members: [], roles: [], readOnly: false, onchange: (r) => live.update(r) } });
    const situation = (await screen.findByLabelText('Situation and background')) as HTMLTextAreaElement;
    await waitFor(() => expect(backend.caseGuidance).toHaveBeenCalledTimes(1));
    await fireEvent.input(situation, { target: { value: 'Typed once' } });
    await waitFor(() => expect(backend.saveDiscussion).toHaveBeenCalledTimes(1), { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 700));
    // Once when the record opened and once after the typing: an answer must not ask again.
    expect(backend.caseGuidance).toHaveBeenCalledTimes(2);
    expect(backend.saveDiscussion).toHaveBeenCalledTimes(1);
    live.stop();
  });
});
