import { describe, expect, it } from 'vitest';
import { AppError, toAppError } from './errors';

describe('toAppError', () => {
  it('keeps the code, message and field the core sent', () => {
    const e = toAppError({ code: 'invalid', message: 'Enter the member’s name.', field: 'name' });
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe('invalid');
    expect(e.field).toBe('name');
    expect(e.message).toBe('Enter the member’s name.');
  });

  it('turns anything else into an internal error a person can read', () => {
    const e = toAppError(new TypeError('x is undefined'));
    expect(e.code).toBe('internal');
    expect(e.message).toContain('x is undefined');
    expect(e.message).toContain('Work saved before this is safe');
    expect(toAppError('plain text').message).toContain('plain text');
  });
});
