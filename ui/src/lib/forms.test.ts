import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from './errors';
import { Submission } from './forms.svelte';

const failing = (code: AppError['code'], message: string, field?: string) => vi.fn(async () => { throw new AppError({ code, message, field }); });

function input(id: string): HTMLInputElement {
  const el = document.createElement('input');
  el.id = id;
  document.body.append(el);
  return el;
}

afterEach(() => document.body.replaceChildren());

describe('Submission', () => {
  it('puts a field error beside its field, moves the cursor there, and clears it once saved', async () => {
    const name = input('member-name');
    const email = input('member-email');
    email.focus();
    const s = new Submission();
    expect(await s.run(failing('invalid', 'Enter the member’s name.', 'name'), 'member-')).toBe(false);
    expect(s.fieldError('name')).toBe('Enter the member’s name.');
    expect(s.fieldError('email')).toBeNull();
    expect(s.formError).toBeNull();
    expect(document.activeElement).toBe(name);
    expect(s.saving).toBe(false);

    expect(await s.run(async () => 'saved', 'member-')).toBe(true);
    expect(s.error).toBeNull();
  });

  it('finds the field by a function when ids do not follow a prefix', async () => {
    const owner = input('action-owner-12');
    const s = new Submission();
    await s.run(failing('invalid', 'Choose who will do it.', 'ownerId'), (field) => `action-${field === 'ownerId' ? 'owner' : field}-12`);
    expect(s.fieldError('ownerId')).toBe('Choose who will do it.');
    expect(document.activeElement).toBe(owner);
  });

  it('says above the form what is busy, gone or out of date, tries nothing twice, and names no field', async () => {
    const version = input('version');
    const cases: [AppError['code'], string, string | undefined][] = [
      ['busy', 'The database is busy: wait a moment and try again.', undefined],
      ['not_found', 'Team member 9 could not be found.', undefined],
      ['conflict', 'The record was saved by someone else.', 'version'],
      ['internal', 'Something went wrong.', undefined],
    ];
    for (const [code, message, field] of cases) {
      const s = new Submission();
      const work = failing(code, message, field);
      expect(await s.run(work)).toBe(false);
      expect(work, code).toHaveBeenCalledTimes(1);
      expect(s.formError, code).toBe(message);
      expect(s.error?.field, code).toBeUndefined();
    }
    expect(document.activeElement).not.toBe(version);
  });
});
