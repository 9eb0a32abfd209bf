import { toAppError } from './errors';

/**
 * Something a screen or dialog shows from the core: the value once it has come, or the error to
 * show instead, and whether an answer is awaited. Asked for when made (unless `lazy`) and again by
 * `load()` after a change. A failed reload keeps the value shown and says why beside it; an older,
 * slower answer never replaces a newer one. The value is replaced whole, never changed in place,
 * so it is not deeply reactive.
 */
export class Resource<T> {
  value = $state.raw<T | undefined>(undefined);
  error = $state<string | null>(null);
  loading = $state(false);
  #fetch: () => Promise<T>;
  #asked = 0;

  constructor(fetch: () => Promise<T>, { lazy = false }: { lazy?: boolean } = {}) {
    this.#fetch = fetch;
    if (!lazy) void this.load();
  }

  /** Asks the core again. Resolves to whether it answered (the error is kept to show, not thrown). */
  async load(): Promise<boolean> {
    const asked = ++this.#asked;
    this.loading = true;
    try {
      const value = await this.#fetch();
      if (asked !== this.#asked) return true;
      this.value = value;
      this.error = null;
      return true;
    } catch (thrown) {
      if (asked === this.#asked) this.error = toAppError(thrown).message;
      return false;
    } finally {
      if (asked === this.#asked) this.loading = false;
    }
  }
}
