import { toAppError } from './errors';

/** One PDF export: whether it is running, where it was saved, or why it failed. */
export class PdfExport {
  busy = $state(false);
  savedTo = $state<string | null>(null);
  error = $state<string | null>(null);

  /** Runs an export that returns the path written, or null when the user cancelled the dialog. */
  async run(work: () => Promise<string | null>): Promise<void> {
    this.busy = true;
    this.error = null;
    this.savedTo = null;
    try {
      this.savedTo = await work();
    } catch (thrown) {
      this.error = toAppError(thrown).message;
    } finally {
      this.busy = false;
    }
  }
}
