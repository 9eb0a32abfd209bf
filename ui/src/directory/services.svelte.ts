// The directory's current entries, read each time a form that offers them as suggestions opens (a
// referral to an outside service, the outside services already involved, a risk holder's service),
// and after the Directory screen changes them.
import { backend } from '../lib/backend';
import type { DirectoryEntry } from '../lib/generated/DirectoryEntry';

export const directory = $state<{ entries: DirectoryEntry[] }>({ entries: [] });

let loading: Promise<void> | null = null;

export function loadDirectory(again = false): Promise<void> {
  if (!loading || again) {
    loading = Promise.resolve()
      .then(() => backend.listDirectory({ text: '', includeArchived: false }))
      .then((entries) => {
        directory.entries = entries ?? [];
      })
      // Suggestions are a help, not a need: without them the name is typed as before.
      .catch(() => {
        loading = null;
      });
  }
  return loading;
}
