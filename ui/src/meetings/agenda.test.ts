import { describe, expect, it } from 'vitest';
import type { AgendaItem } from '../lib/generated/AgendaItem';
import { moved } from './agenda';

const items = [1, 2, 3, 4].map((id) => ({ id }) as AgendaItem);

describe('moved', () => {
  it('moves one item and keeps the rest in order', () => {
    expect(moved(items, 0, 2)).toEqual([2, 3, 1, 4]);
    expect(moved(items, 3, 0)).toEqual([4, 1, 2, 3]);
    expect(moved(items, 1, 1)).toEqual([1, 2, 3, 4]);
    expect(moved(items, 0, -1)).toEqual([1, 2, 3, 4]);
    expect(moved(items, 3, 4)).toEqual([1, 2, 3, 4]);
  });
});
