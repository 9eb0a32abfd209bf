import type { ErrorCode } from './generated/ErrorCode';
import type { ErrorPayload } from './generated/ErrorPayload';

/** A failure reported by the core, with the code to branch on and words to show. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly field?: string;

  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.name = 'AppError';
    this.code = payload.code;
    this.field = payload.field;
  }
}

function isPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorPayload).code === 'string' &&
    typeof (value as ErrorPayload).message === 'string'
  );
}

/** Whatever was thrown, as an AppError a person can read. */
export function toAppError(thrown: unknown): AppError {
  if (thrown instanceof AppError) return thrown;
  if (isPayload(thrown)) return new AppError(thrown);
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return new AppError({
    code: 'internal',
    message: `Something went wrong inside MDT Assistant (${detail}). Work saved before this is safe.`,
  });
}

/**
 * How the window reacts to an error, decided here once from its code (and field), so screens do
 * not each read codes their own way:
 * - `field`: input the core cannot store, naming the form field: say so beside it and put the
 *   cursor there (`Submission`);
 * - `merge`: someone else saved a newer version of a case record since it was opened: fetch what
 *   they saved and merge it with what the person typed (`RecordSession`);
 * - `outdated`: what the screen shows has changed or gone (not found, or a change the records no
 *   longer allow): say so above the form, where the message says what to do; trying the same
 *   again cannot work, so nothing is retried;
 * - `retry`: the database was busy (the core has already waited five seconds), so nothing was
 *   written: a form keeps everything typed for the person to try again; an autosave, which
 *   nobody presses, tries again by itself;
 * - `show`: anything else: say so above the form.
 */
export type Reaction = { kind: 'field'; field: string } | { kind: 'merge' } | { kind: 'outdated' } | { kind: 'retry' } | { kind: 'show' };

export function reaction(error: AppError): Reaction {
  const code: ErrorCode = error.code;
  switch (code) {
    case 'invalid':
    case 'bad_profile':
      return error.field ? { kind: 'field', field: error.field } : { kind: 'show' };
    case 'conflict':
      return error.field === 'version' ? { kind: 'merge' } : { kind: 'outdated' };
    case 'not_found':
      return { kind: 'outdated' };
    case 'busy':
      return { kind: 'retry' };
    case 'schema_too_new':
    case 'not_a_database':
    case 'io':
    case 'disk_full':
    case 'read_only':
    case 'migration':
    case 'database':
    case 'internal':
    case 'import_rows':
      return { kind: 'show' };
    default: {
      // A code added in Rust fails to compile here until its reaction is decided.
      const unknown: never = code;
      void unknown;
      return { kind: 'show' };
    }
  }
}
