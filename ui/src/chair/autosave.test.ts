import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosave } from './autosave';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Autosave', () => {
  it('saves the last value once typing pauses', async () => {
    const saved: string[] = [];
    const autosave = new Autosave<string>(async (v) => void saved.push(v), 600);
    autosave.change('a');
    vi.advanceTimersByTime(300);
    autosave.change('ab');
    vi.advanceTimersByTime(599);
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saved).toEqual(['ab']);
  });

  it('flushes at once when asked, and saves in order', async () => {
    const saved: string[] = [];
    const autosave = new Autosave<string>(async (v) => void saved.push(v), 600);
    autosave.change('first');
    await autosave.flush();
    autosave.change('second');
    expect(autosave.waiting).toBe(true);
    await autosave.flush();
    expect(saved).toEqual(['first', 'second']);
    expect(autosave.waiting).toBe(false);
  });
});
