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
