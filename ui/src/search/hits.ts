import type { SearchHit } from '../lib/generated/SearchHit';
import type { Route } from '../lib/route.svelte';

/** Where a hit leads: the meeting opened at the case it belongs to, or at the top when it has no case line. */
export function hitRoute(hit: SearchHit): Route {
  return hit.agendaItemId ? { screen: 'meeting', id: hit.meetingId, item: hit.agendaItemId } : { screen: 'meeting', id: hit.meetingId };
}
