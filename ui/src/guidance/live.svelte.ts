// The guidance for the case being discussed, following the record as it is typed: the first
// answer at once, later ones after a short pause in the typing, and only the latest kept.
import { untrack } from 'svelte';
import { backend } from '../lib/backend';
import { toAppError } from '../lib/errors';
import type { CaseGuidance } from '../lib/generated/CaseGuidance';
import type { DiscussionRecord } from '../lib/generated/DiscussionRecord';

export class LiveGuidance {
  guidance = $state<CaseGuidance | null>(null);
  error = $state<string | null>(null);
  private latest = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private record: DiscussionRecord | null = null;

  constructor(
    readonly itemId: number,
    private readonly pause = 450,
  ) {}

  /** The record changed on screen. */
  update(record: DiscussionRecord) {
    this.record = record;
    if (this.timer) clearTimeout(this.timer);
    // Read untracked: whoever calls this must not come to depend on the answer it brings.
    this.timer = setTimeout(() => void this.refresh(), untrack(() => this.guidance) ? this.pause : 0);
  }

  /** Something outside the record changed (an action): ask again now. */
  async refresh() {
    if (!this.record) return;
    const ask = ++this.latest;
    try {
      const answer = await backend.caseGuidance(this.itemId, this.record);
      if (ask === this.latest) {
        this.guidance = answer;
        this.error = null;
      }
    } catch (e) {
      if (ask === this.latest) this.error = toAppError(e).message;
    }
  }

  /** An answer the core gave another way (after the chair's lead decision). */
  set(answer: CaseGuidance) {
    this.latest++;
    this.guidance = answer;
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.latest++;
  }
}
