import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { Resource } from './resource.svelte';

/** A promise the test settles when it chooses. */
function later<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

describe('Resource', () => {
  it('asks when made, says it is loading, then holds the value', async () => {
    const answer = later<string[]>();
    const fetch = vi.fn(() => answer.promise);
    const r = new Resource(fetch);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(r.loading).toBe(true);
    expect(r.value).toBeUndefined();
    answer.resolve(['Priya Example']);
    await answer.promise;
    await vi.waitFor(() => expect(r.loading).toBe(false));
    expect(r.value).toEqual(['Priya Example']);
    expect(r.error).toBeNull();
  });

  it('waits to be asked when lazy', async () => {
    const fetch = vi.fn(async () => 3);
    const r = new Resource(fetch, { lazy: true });
    expect(fetch).not.toHaveBeenCalled();
    expect(r.loading).toBe(false);
    expect(await r.load()).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(r.value).toBe(3);
  });

  it('keeps what was shown when a reload fails, says why, and clears the error once the core answers', async () => {
    let fail = false;
    const r = new Resource(async () => {
      if (fail) throw { code: 'not_found', message: 'Meeting 9 no longer exists.' };
      return 'the meeting';
    }, { lazy: true });
    expect(await r.load()).toBe(true);
    fail = true;
    expect(await r.load()).toBe(false);
    expect(r.error).toBe('Meeting 9 no longer exists.');
    expect(r.value).toBe('the meeting');
    expect(r.loading).toBe(false);
    fail = false;
    expect(await r.load()).toBe(true);
    expect(r.error).toBeNull();
  });

  it('words anything else thrown so a person can read it', async () => {
    const r = new Resource(async () => {
      throw new TypeError('x is undefined');
    }, { lazy: true });
    await r.load();
    expect(r.error).toBe('Something went wrong inside MDT Assistant (x is undefined). Work saved before this is safe.');
  });

  it('never lets an older, slower answer replace a newer one', async () => {
    const first = later<string>();
    const second = later<string>();
    const answers = [first, second];
    const r = new Resource(() => answers.shift()!.promise, { lazy: true });
    const asked = [r.load(), r.load()];
    second.resolve('after the change');
    await asked[1];
    expect(r.value).toBe('after the change');
    expect(r.loading).toBe(false);
    first.resolve('before the change');
    await asked[0];
    flushSync();
    expect(r.value).toBe('after the change');
    // Nor an older failure.
    const third = later<string>();
    const fourth = later<string>();
    answers.push(third, fourth);
    const again = [r.load(), r.load()];
    fourth.resolve('newest');
    await again[1];
    third.reject({ code: 'internal', message: 'old failure' });
    expect(await again[0]).toBe(false);
    expect(r.value).toBe('newest');
    expect(r.error).toBeNull();
  });
});
