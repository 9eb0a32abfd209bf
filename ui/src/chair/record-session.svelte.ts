// One person's editing of one case record: what is on screen, what is saved, and the version a
// save is based on. Opening always reads the saved record (never a copy held since the chair view
// opened); every save names its version and the core refuses a stale one, after which the
// person's changes are merged with what was saved and any part both changed is kept on screen,
// with the saved text beside it, for the person to choose. Nothing typed is dropped silently:
// what could not be saved is listed by `unsaved()`, which the chair view reads before moving on.
import { backend } from '../lib/backend';
import { reaction, toAppError } from '../lib/errors';
import type { DiscussionRecord } from '../lib/generated/DiscussionRecord';
import type { FieldConflict } from '../lib/generated/FieldConflict';
import type { NotSaved } from '../lib/generated/NotSaved';
import type { RecordField } from '../lib/generated/RecordField';
import { Autosave } from './autosave';

export const emptyRecord = (): DiscussionRecord => ({
  situation: '', doneSoFar: '', discussion: '', needs: [], leads: [], riskHolderId: null, communicationPlan: '',
  urgentContacts: '', escalations: [], transitions: [], decision: '', decisionOwnerId: null, nextReviewDate: null,
});

export type SaveState = { kind: 'opening' | 'idle' | 'saving' | 'saved' | 'partly' | 'error'; text: string };

type Parts = Record<RecordField, unknown>;
const parts = (r: DiscussionRecord) => r as unknown as Parts;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const snapshot = (r: DiscussionRecord): DiscussionRecord => structuredClone($state.snapshot(r)) as DiscussionRecord;

export class RecordSession {
  /** The record as on screen, bound to the form. */
  record = $state<DiscussionRecord>(emptyRecord());
  loaded = $state(false);
  state = $state<SaveState>({ kind: 'opening', text: 'Opening the record…' });
  /** Parts both this person and someone else changed: the person chooses. */
  conflicts = $state<FieldConflict[]>([]);
  /** Parts the core could not store as typed; the rest of the record was saved. */
  notSaved = $state<NotSaved[]>([]);
  savedBy = $state<string | null>(null);
  /** Said when someone else's save was merged in, until the person dismisses it. */
  mergeNotice = $state<string | null>(null);

  /** The record as last known saved, and its version: the base of the next save and merge. */
  private base: DiscussionRecord = emptyRecord();
  private version = 0;
  /** The last record given to the autosave, as JSON. */
  private queued = '';
  /** A save the database was too busy for, to be tried again by itself (nobody presses Save). */
  private retry: ReturnType<typeof setTimeout> | null = null;
  private readonly autosave: Autosave<DiscussionRecord>;

  constructor(
    readonly itemId: number,
    private readonly readOnly: () => boolean,
    delay = 600,
    private readonly busyRetryDelay = 2000,
  ) {
    this.autosave = new Autosave((value) => this.save(value), delay);
  }

  async open() {
    try {
      const saved = await backend.openDiscussion(this.itemId);
      this.base = saved.record;
      this.version = saved.version;
      this.savedBy = saved.savedBy;
      this.record = structuredClone(saved.record);
      this.loaded = true;
      this.state = { kind: 'idle', text: '' };
    } catch (e) {
      this.state = { kind: 'error', text: toAppError(e).message };
    }
  }

  /** Call after any change on screen: saves after a pause, if there is anything new. */
  changed() {
    if (!this.loaded || this.readOnly()) return;
    const now = snapshot(this.record);
    const json = JSON.stringify(now);
    // Asked again with what is already waiting (or saved): the pause is not started over.
    if (json === this.queued || (json === JSON.stringify(this.base) && this.conflicts.length === 0)) return;
    this.queued = json;
    this.autosave.change(now);
  }

  /** Saves whatever is waiting; resolves when every save so far has finished. */
  flush(): Promise<void> {
    return this.autosave.flush();
  }

  /** What the person has on screen that is not saved, in words, for a warning before leaving. */
  unsaved(): string[] {
    return [
      ...this.conflicts.map((c) => `${c.label}: your text and the one saved by someone else are both on screen; choose which to keep.`),
      ...this.notSaved.map((p) => `${p.label}: ${p.message} It is not saved.`),
      ...(this.retry ? [`The record is not saved yet: ${this.state.text}`] : []),
    ];
  }

  problemAt(field: RecordField): string | null {
    return this.notSaved.find((p) => p.field === field)?.message ?? null;
  }

  conflictAt(field: RecordField): FieldConflict | null {
    return this.conflicts.find((c) => c.field === field) ?? null;
  }

  /** The person's choice for a part both changed: theirs, the saved one, or both texts joined. */
  resolve(field: RecordField, choice: 'yours' | 'saved' | 'both') {
    const conflict = this.conflictAt(field);
    if (!conflict) return;
    const screen = parts(this.record);
    const saved = parts(this.base)[field];
    if (choice === 'saved') screen[field] = structuredClone(saved);
    if (choice === 'both') screen[field] = `${saved as string}\n\n${screen[field] as string}`;
    this.conflicts = this.conflicts.filter((c) => c.field !== field);
    this.changed();
  }

  private async save(value: DiscussionRecord) {
    // Parts still in conflict keep their saved value until the person chooses.
    const toSave = structuredClone(value);
    for (const c of this.conflicts) parts(toSave)[c.field] = structuredClone(parts(this.base)[c.field]);
    this.state = { kind: 'saving', text: 'Saving…' };
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    try {
      const receipt = await backend.saveDiscussion(this.itemId, this.version, toSave);
      this.version = receipt.version;
      this.base = receipt.saved;
      this.notSaved = receipt.notSaved;
      const at = new Date().toLocaleTimeString('en-GB');
      const held = [...this.conflicts.map((c) => c.label), ...receipt.notSaved.map((p) => p.label)];
      this.state = held.length
        ? { kind: 'partly', text: `Saved at ${at}, except: ${held.join(', ')}` }
        : { kind: 'saved', text: `Saved at ${at}` };
    } catch (thrown) {
      const e = toAppError(thrown);
      const r = reaction(e);
      if (r.kind === 'merge') {
        await this.merge(value);
        return;
      }
      this.state = { kind: 'error', text: e.message };
      if (r.kind === 'retry') {
        // The same text is saved again after a pause (or whatever is on screen by then).
        this.queued = '';
        this.retry = setTimeout(() => {
          this.retry = null;
          this.changed();
        }, this.busyRetryDelay);
      }
    }
  }

  /** Someone saved a newer version: take their changes where this person made none, keep both where both did. */
  private async merge(mine: DiscussionRecord) {
    try {
      const merge = await backend.mergeDiscussion(this.itemId, this.base, mine);
      const earlier = this.conflicts.filter((c) => !merge.conflicts.some((n) => n.field === c.field));
      this.base = merge.saved.record;
      this.version = merge.saved.version;
      this.savedBy = merge.saved.savedBy;
      this.conflicts = [...merge.conflicts, ...earlier];
      // Their changes come onto the screen, except where the person typed on while this was asked.
      const screen = parts(this.record);
      const merged = parts(merge.merged);
      for (const key of Object.keys(merged) as RecordField[]) {
        if (this.conflictAt(key)) continue;
        if (same(screen[key], parts(mine)[key])) screen[key] = structuredClone(merged[key]);
      }
      const who = merge.saved.savedBy ?? 'Someone else';
      this.mergeNotice = merge.conflicts.length
        ? `${who} saved this record while you were typing. Where you both changed something, both texts are kept below: choose what to keep.`
        : `${who} saved this record while you were typing; their changes and yours are both kept.`;
      this.queued = '';
      this.changed();
    } catch (e) {
      this.state = { kind: 'error', text: toAppError(e).message };
    }
  }
}
