/**
 * Saves the latest value `delay` ms after the last change, one save at a time, and can flush
 * at once (when the user moves on or closes the view). A save that fails is retried on the
 * next change; the caller shows the error.
 */
export class Autosave<T> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: T | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly save: (value: T) => Promise<void>,
    private readonly delay = 600,
  ) {}

  change(value: T) {
    this.pending = value;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delay);
  }

  /** Saves now if anything is waiting; resolves when every save so far has finished. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const value = this.pending;
    this.pending = null;
    if (value !== null) this.running = this.running.then(() => this.save(value)).catch(() => {});
    return this.running;
  }

  get waiting(): boolean {
    return this.pending !== null;
  }
}
