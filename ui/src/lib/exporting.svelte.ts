import { toAppError } from './errors';
import type { ExportReport } from './generated/ExportReport';

/**
 * One place's exports (minutes, an agenda pack, an action list, role sheets, a teach-in's agenda or
 * handout, all PDFs; a meeting's calendar invitation): whether one is being prepared, what the last
 * one saved (the core's report: where, how many pages, the characters the font cannot print), that
 * it was cancelled, or why it failed.
 */
export class PdfExport {
  busy = $state(false);
  /** What kind of file the export writes, as the notice names it: "PDF" or "calendar invitation". */
  file = $state('PDF');
  /** What was saved, named for the notice ("Minutes"), until dismissed or another export starts. */
  saved = $state.raw<{ what: string; report: ExportReport } | null>(null);
  cancelled = $state(false);
  error = $state<string | null>(null);

  /** Runs an export whose backend asks where to save: its report, or null when the user cancels. */
  async run(what: string, work: () => Promise<ExportReport | null>, file = 'PDF'): Promise<void> {
    this.busy = true;
    this.clear();
    this.file = file;
    try {
      this.finished(what, await work());
    } catch (thrown) {
      this.error = toAppError(thrown).message;
    } finally {
      this.busy = false;
    }
  }

  /** An export run elsewhere (a dialog with choices) has ended: saved, or cancelled when null. */
  finished(what: string, report: ExportReport | null): void {
    this.clear();
    this.file = 'PDF';
    this.saved = report ? { what, report } : null;
    this.cancelled = report === null;
  }

  /** The notice is put away. */
  dismiss(): void {
    this.saved = null;
  }

  private clear() {
    this.saved = null;
    this.cancelled = false;
    this.error = null;
  }
}
