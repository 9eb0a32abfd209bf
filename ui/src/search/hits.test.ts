import { describe, expect, it } from 'vitest';
import { href } from '../lib/route.svelte';
import type { SearchHit } from '../lib/generated/SearchHit';
import { hitRoute } from './hits';

const hit = (over: Partial<SearchHit>): SearchHit => ({
  kind: 'discussion',
  reference: 'AB-0101',
  snippet: '',
  meetingId: 12,
  meetingTitle: 'Riverside MDT',
  meetingStartsAt: '2026-03-02T13:00',
  targetId: 40,
  agendaItemId: 40,
  ...over,
});

describe('hitRoute', () => {
  it('opens the meeting at the case the hit belongs to', () => {
    expect(href(hitRoute(hit({})))).toBe('#/meetings/12/items/40');
    // An action opens its case's line, not an item with the action's own id.
    expect(href(hitRoute(hit({ kind: 'action', targetId: 977, agendaItemId: 41 })))).toBe('#/meetings/12/items/41');
    // An action agreed outside any item opens the meeting at the top.
    expect(href(hitRoute(hit({ kind: 'action', targetId: 977, agendaItemId: null })))).toBe('#/meetings/12');
  });
});
