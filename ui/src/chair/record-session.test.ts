import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../lib/errors';
import type { DiscussionRecord } from '../lib/generated/DiscussionRecord';
import { RecordSession, emptyRecord } from './record-session.svelte';

const backend = vi.hoisted(() => ({ openDiscussion: vi.fn(), saveDiscussion: vi.fn(), mergeDiscussion: vi.fn() }));
vi.mock('../lib/backend', () => ({ backend }));

const rec = (over: Partial<DiscussionRecord>): DiscussionRecord => ({ ...emptyRecord(), ...over });
const receipt = (version: number, saved: DiscussionRecord, notSaved: { field: string; label: string; message: string }[] = []) =>
  ({ version, savedAt: '2026-12-01T10:00:00Z', saved, notSaved });
/** The next save meets a busy database; the ones after it are saved. */
const busyOnce = () => {
  backend.saveDiscussion.mockRejectedValueOnce(new AppError({ code: 'busy', message: 'The database is busy.' }));
  backend.saveDiscussion.mockImplementation(async (_id, v, r) => receipt(v + 1, r));
};
const stale = () => new AppError({ code: 'conflict', field: 'version', message: 'The record of AB-0101 was saved by someone else.' });

async function opened(saved: DiscussionRecord, version = 3, busyRetryDelay?: number) {
  backend.openDiscussion.mockResolvedValue({ record: saved, version, savedAt: null, savedBy: null });
  const session = new RecordSession(7, () => false, 0, busyRetryDelay);
  await session.open();
  return session;
}

beforeEach(() => vi.resetAllMocks());
afterEach(() => vi.useRealTimers());

describe('RecordSession', () => {
  it('opens on the record as saved now and saves nothing until something changes', async () => {
    const session = await opened(rec({ situation: 'Lives alone' }));
    expect(session.record.situation).toBe('Lives alone');
    session.changed();
    await session.flush();
    expect(backend.saveDiscussion).not.toHaveBeenCalled();
  });

  it('names the version each save is based on, and the next save the version it got back', async () => {
    const session = await opened(rec({ situation: 'Lives alone' }), 3);
    backend.saveDiscussion.mockImplementation(async (_id, v, r) => receipt(v + 1, r));
    session.record.situation = 'Lives alone, two falls';
    session.changed();
    await session.flush();
    session.record.decision = 'OT visit';
    session.changed();
    await session.flush();
    expect(backend.saveDiscussion.mock.calls.map((c) => [c[1], c[2].situation, c[2].decision])).toEqual([
      [3, 'Lives alone, two falls', ''],
      [4, 'Lives alone, two falls', 'OT visit'],
    ]);
    expect(session.state.kind).toBe('saved');
    expect(session.unsaved()).toEqual([]);
  });

  it('after a stale save, merges: their changes come in, a part both changed stays on screen as mine with theirs beside it, and the saved text is not overwritten until I choose', async () => {
    const base = rec({ situation: 'Lives alone', discussion: 'Two falls' });
    const session = await opened(base, 3);
    const theirs = rec({ situation: 'Lives alone; not eating', discussion: 'Two falls', riskHolderId: 4 });
    backend.saveDiscussion.mockRejectedValueOnce(stale());
    backend.mergeDiscussion.mockResolvedValue({
      saved: { record: theirs, version: 4, savedAt: null, savedBy: 'Ade Sample' },
      merged: { ...theirs, decision: 'OT visit' },
      conflicts: [{ field: 'situation', label: 'Situation and background', saved: 'Lives alone; not eating', yours: 'Lives alone; GP review' }],
    });
    backend.saveDiscussion.mockImplementation(async (_id, v, r) => receipt(v + 1, r));

    session.record.situation = 'Lives alone; GP review';
    session.record.decision = 'OT visit';
    session.changed();
    await session.flush();
    await session.flush();

    expect(backend.mergeDiscussion).toHaveBeenCalledWith(7, base, rec({ situation: 'Lives alone; GP review', discussion: 'Two falls', decision: 'OT visit' }));
    expect(session.record.situation).toBe('Lives alone; GP review');
    expect(session.record.riskHolderId).toBe(4);
    expect(session.conflictAt('situation')?.saved).toBe('Lives alone; not eating');
    expect(session.mergeNotice).toContain('Ade Sample saved this record while you were typing');
    // The save after the merge is based on their version and keeps their situation.
    const after = backend.saveDiscussion.mock.calls[1];
    expect([after[1], after[2].situation, after[2].decision, after[2].riskHolderId]).toEqual([4, 'Lives alone; not eating', 'OT visit', 4]);
    expect(session.unsaved()).toEqual([
      'Situation and background: your text and the one saved by someone else are both on screen; choose which to keep.',
    ]);

    session.resolve('situation', 'both');
    await session.flush();
    const chosen = backend.saveDiscussion.mock.calls[2];
    expect([chosen[1], chosen[2].situation]).toEqual([5, 'Lives alone; not eating\n\nLives alone; GP review']);
    expect(session.unsaved()).toEqual([]);
  });

  it('keeps on screen what the core could not store, and says so', async () => {
    const session = await opened(rec({}), 0);
    backend.saveDiscussion.mockImplementation(async (_id, v, r) =>
      receipt(v + 1, { ...r, nextReviewDate: null }, [
        { field: 'nextReviewDate', label: 'Next review date', message: "'31/11/2026' is not a date we can read. November 2026 has no day 31." },
      ]),
    );
    session.record.situation = 'Two falls';
    session.record.nextReviewDate = '31/11/2026';
    session.changed();
    await session.flush();
    expect(session.record.nextReviewDate).toBe('31/11/2026');
    expect(session.problemAt('nextReviewDate')).toBe("'31/11/2026' is not a date we can read. November 2026 has no day 31.");
    expect(session.state).toEqual({ kind: 'partly', text: expect.stringMatching(/^Saved at .*, except: Next review date$/) });
    expect(session.unsaved()).toEqual(["Next review date: '31/11/2026' is not a date we can read. November 2026 has no day 31. It is not saved."]);
  });

  it('shows any other refusal in words and keeps the typing', async () => {
    const session = await opened(rec({}), 0);
    backend.saveDiscussion.mockRejectedValue(new AppError({ code: 'disk_full', message: 'The disk holding the database is full.' }));
    session.record.situation = 'Typed';
    session.changed();
    await session.flush();
    flushSync();
    expect(session.state).toEqual({ kind: 'error', text: 'The disk holding the database is full.' });
    expect(session.record.situation).toBe('Typed');
    expect(backend.mergeDiscussion).not.toHaveBeenCalled();
  });

  it('when the database is busy, says so, lists the record as not saved, and saves the same text again by itself', async () => {
    const session = await opened(rec({}), 2, 20);
    busyOnce();
    session.record.situation = 'Lives alone, two falls';
    session.changed();
    await session.flush();
    expect(session.state).toEqual({ kind: 'error', text: 'The database is busy.' });
    expect(session.unsaved()).toEqual(['The record is not saved yet: The database is busy.']);
    expect(backend.saveDiscussion).toHaveBeenCalledTimes(1);

    // Nobody types again: the autosave tries by itself.
    await vi.waitFor(() => expect(backend.saveDiscussion).toHaveBeenCalledTimes(2));
    await session.flush();
    expect(backend.saveDiscussion.mock.calls.map((c) => [c[1], c[2].situation])).toEqual([
      [2, 'Lives alone, two falls'],
      [2, 'Lives alone, two falls'],
    ]);
    expect(session.state.kind).toBe('saved');
    expect(session.unsaved()).toEqual([]);
  });

  it('does not try again by itself when the case is gone, and saves newer typing in place of a waiting retry', async () => {
    const gone = await opened(rec({}), 2, 20);
    backend.saveDiscussion.mockRejectedValue(new AppError({ code: 'not_found', message: 'Agenda item 7 could not be found.' }));
    gone.record.situation = 'Typed';
    gone.changed();
    await gone.flush();
    await new Promise((r) => setTimeout(r, 80));
    expect(backend.saveDiscussion).toHaveBeenCalledTimes(1);
    expect(gone.state).toEqual({ kind: 'error', text: 'Agenda item 7 could not be found.' });

    backend.saveDiscussion.mockReset();
    const busy = await opened(rec({}), 2, 60);
    busyOnce();
    busy.record.situation = 'First';
    busy.changed();
    await busy.flush();
    busy.record.situation = 'First, then more';
    busy.changed();
    await busy.flush();
    await new Promise((r) => setTimeout(r, 120));
    expect(backend.saveDiscussion.mock.calls.map((c) => c[2].situation)).toEqual(['First', 'First, then more']);
    expect(busy.unsaved()).toEqual([]);
  });
});
