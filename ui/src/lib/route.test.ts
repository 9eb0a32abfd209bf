import { describe, expect, it } from 'vitest';
import { href, parseRoute } from './route.svelte';

describe('routes', () => {
  it('round-trips every screen and falls back to the meetings list', () => {
    for (const route of [
      { screen: 'meetings' },
      { screen: 'meeting', id: 4 },
      { screen: 'chair', id: 4 },
      { screen: 'actions' },
      { screen: 'search' },
      { screen: 'roster' },
      { screen: 'roster', add: true },
      { screen: 'backups' },
      { screen: 'settings' },
      { screen: 'roles' },
      { screen: 'roles', key: 'social_worker' },
      { screen: 'compare', left: 'ot', right: 'splw' },
      { screen: 'teach-ins' },
      { screen: 'teach-in', id: 3 },
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
});
