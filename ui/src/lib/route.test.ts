import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route.svelte';

describe('routes', () => {
  it('round-trips every screen and falls back to the meetings list', () => {
    for (const route of [
      { screen: 'meetings' },
      { screen: 'meeting', id: 4 },
      { screen: 'meeting', id: 12, item: 40 },
      { screen: 'chair', id: 4 },
      { screen: 'actions' },
      { screen: 'search' },
      { screen: 'search', q: 'falls risk' },
      { screen: 'search', q: 'a/b 50% "x" #1' },
      { screen: 'roster' },
      { screen: 'roster', add: true },
      { screen: 'backups' },
      { screen: 'settings' },
      { screen: 'roles' },
      { screen: 'roles', key: 'social_worker' },
      { screen: 'compare', left: 'ot', right: 'splw' },
      { screen: 'teach-ins' },
      { screen: 'teach-in', id: 3 },
      { screen: 'dashboard' },
    ] as const) {
      expect(parseRoute(href(route))).toEqual(route);
    }
    expect(parseRoute('#/meetings/abc')).toEqual({ screen: 'meetings' });
    expect(parseRoute('')).toEqual({ screen: 'meetings' });
    expect(parseRoute('#/roles/compare/ot')).toEqual({ screen: 'roles' });
    expect(parseRoute('#/roles/Bad Key')).toEqual({ screen: 'roles' });
    expect(parseRoute('#/teach-ins/x')).toEqual({ screen: 'teach-ins' });
    expect(href({ screen: 'roster', add: true })).toBe('#/roster/new');
    expect(parseRoute('#/roster/other')).toEqual({ screen: 'roster' });
  });

  it('opens a meeting at one agenda item, and keeps what was searched for', () => {
    expect(href({ screen: 'meeting', id: 12, item: 40 })).toBe('#/meetings/12/items/40');
    expect(parseRoute('#/meetings/12/items/40')).toEqual({ screen: 'meeting', id: 12, item: 40 });
    // A bad item id still opens the meeting, at the top.
    for (const bad of ['#/meetings/12/items/x', '#/meetings/12/items/0', '#/meetings/12/items/-3', '#/meetings/12/items']) {
      expect(parseRoute(bad)).toEqual({ screen: 'meeting', id: 12 });
    }
    expect(href({ screen: 'search', q: 'carer assessment' })).toBe('#/search/carer%20assessment');
    expect(parseRoute('#/search/carer%20assessment')).toEqual({ screen: 'search', q: 'carer assessment' });
    expect(href({ screen: 'search', q: '  ' })).toBe('#/search');
    expect(parseRoute('#/search/%20%20')).toEqual({ screen: 'search' });
    // A malformed escape is ignored, not thrown.
    expect(parseRoute('#/search/%E0%A4%A')).toEqual({ screen: 'search' });
  });
});
