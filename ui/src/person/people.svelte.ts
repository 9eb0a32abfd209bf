// What matters to each person, as saved, shared by the chair's view of the case and the
// minute-taker's record beside it: a change saved in one shows in the other at once.
import { backend } from '../lib/backend';
import type { SavedProfile } from '../lib/generated/SavedProfile';

class People {
  /** By case id; a person is missing until first loaded. */
  saved = $state<Record<number, SavedProfile>>({});

  async load(caseId: number): Promise<SavedProfile> {
    const saved = await backend.openPersonProfile(caseId);
    this.saved[caseId] = saved;
    return saved;
  }

  set(saved: SavedProfile) {
    this.saved[saved.caseId] = saved;
  }
}

export const people = new People();
