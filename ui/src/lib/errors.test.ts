import { describe, expect, it } from 'vitest';
import { AppError, reaction, toAppError } from './errors';
import type { ErrorCode } from './generated/ErrorCode';

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

describe('reaction', () => {
  const as = (code: ErrorCode, field?: string) => reaction(new AppError({ code, message: 'm', field }));

  it('puts input the core cannot store beside the field it names', () => {
    expect(as('invalid', 'name')).toEqual({ kind: 'field', field: 'name' });
    expect(as('bad_profile', 'referral.when')).toEqual({ kind: 'field', field: 'referral.when' });
    expect(as('invalid')).toEqual({ kind: 'show' });
  });

  it('merges only a stale record; other conflicts and what is gone mean the screen is out of date', () => {
    expect(as('conflict', 'version')).toEqual({ kind: 'merge' });
    expect(as('conflict')).toEqual({ kind: 'outdated' });
    expect(as('conflict', 'name')).toEqual({ kind: 'outdated' });
    expect(as('not_found')).toEqual({ kind: 'outdated' });
  });

  it('tries a busy database again and shows everything else', () => {
    expect(as('busy')).toEqual({ kind: 'retry' });
    const shown: ErrorCode[] = ['schema_too_new', 'not_a_database', 'io', 'disk_full', 'read_only', 'migration', 'database', 'internal', 'import_rows'];
    for (const code of shown) expect(as(code), code).toEqual({ kind: 'show' });
    expect(as('import_rows', 'file')).toEqual({ kind: 'show' });
  });

  it('reads an error from anything thrown, as the screens receive it', () => {
    expect(reaction(toAppError({ code: 'invalid', message: 'Enter a name.', field: 'name' }))).toEqual({ kind: 'field', field: 'name' });
    expect(reaction(toAppError(new Error('boom')))).toEqual({ kind: 'show' });
  });
});
