import { reaction, toAppError } from './errors';

/**
 * The state of one form submission: whether it is saving, and the core's error, shown beside the
 * field it names (with the cursor put there) or above the form. How each error is met is decided
 * by `reaction` in errors.ts: only `field` goes beside a field; a busy database, something changed
 * or gone, or anything else is said above the form, and what the person typed stays.
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

  /**
   * Runs `work`, keeping what the user typed if it fails. `fieldId` finds the element to focus
   * for a field the core names: a prefix (`'member-'` + `name`) or a function of the field.
   * Returns whether it succeeded.
   */
  async run(work: () => Promise<unknown>, fieldId: string | ((field: string) => string) = ''): Promise<boolean> {
    this.saving = true;
    try {
      await work();
      this.error = null;
      return true;
    } catch (thrown) {
      const e = toAppError(thrown);
      const r = reaction(e);
      if (r.kind === 'field') {
        this.error = { field: r.field, message: e.message };
        document.getElementById(typeof fieldId === 'string' ? `${fieldId}${r.field}` : fieldId(r.field))?.focus();
      } else {
        this.error = { message: e.message };
      }
      return false;
    } finally {
      this.saving = false;
    }
  }
}
