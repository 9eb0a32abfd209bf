import { toAppError } from './errors';

/**
 * The state of one form submission: whether it is saving, and the core's error (shown beside
 * the field it names, or above the form when it names none).
 */
export class Submission {
  saving = $state(false);
  error = $state<{ field?: string; message: string } | null>(null);

  fieldError(field: string): string | null {
    return this.error?.field === field ? this.error.message : null;
  }

  get formError(): string | null {
    return this.error && !this.error.field ? this.error.message : null;
  }

  /** Runs `work`, keeping what the user typed if it fails. Returns whether it succeeded. */
  async run(work: () => Promise<unknown>, fieldIdPrefix = ''): Promise<boolean> {
    this.saving = true;
    try {
      await work();
      this.error = null;
      return true;
    } catch (thrown) {
      const e = toAppError(thrown);
      this.error = { field: e.field, message: e.message };
      if (e.field) document.getElementById(`${fieldIdPrefix}${e.field}`)?.focus();
      return false;
    } finally {
      this.saving = false;
    }
  }
}
