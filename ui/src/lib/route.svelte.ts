// A small hash router: the screen to show lives in location.hash, so the back button and
// reloads keep the user where they were.

export type Route =
  | { screen: 'meetings' }
  | { screen: 'meeting'; id: number }
  | { screen: 'chair'; id: number }
  | { screen: 'actions' }
  | { screen: 'search' }
  | { screen: 'roster'; add?: boolean }
  | { screen: 'backups' }
  | { screen: 'settings' }
  | { screen: 'roles'; key?: string }
  | { screen: 'compare'; left: string; right: string }
  | { screen: 'teach-ins' }
  | { screen: 'teach-in'; id: number };

const roleKey = /^[a-z][a-z_]*$/;

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const id = Number(parts[1]);
  if (parts[0] === 'meetings' && Number.isInteger(id) && id > 0) {
    return parts[2] === 'chair' ? { screen: 'chair', id } : { screen: 'meeting', id };
  }
  if (parts[0] === 'roster' && parts[1] === 'new') return { screen: 'roster', add: true };
  if (['actions', 'search', 'roster', 'backups', 'settings'].includes(parts[0])) {
    return { screen: parts[0] as 'actions' | 'search' | 'roster' | 'backups' | 'settings' };
  }
  if (parts[0] === 'roles') {
    if (parts[1] === 'compare' && roleKey.test(parts[2] ?? '') && roleKey.test(parts[3] ?? '')) {
      return { screen: 'compare', left: parts[2], right: parts[3] };
    }
    return roleKey.test(parts[1] ?? '') && parts[1] !== 'compare' ? { screen: 'roles', key: parts[1] } : { screen: 'roles' };
  }
  if (parts[0] === 'teach-ins') {
    return Number.isInteger(id) && id > 0 ? { screen: 'teach-in', id } : { screen: 'teach-ins' };
  }
  return { screen: 'meetings' };
}

export function href(route: Route): string {
  switch (route.screen) {
    case 'meeting':
      return `#/meetings/${route.id}`;
    case 'chair':
      return `#/meetings/${route.id}/chair`;
    case 'roles':
      return route.key ? `#/roles/${route.key}` : '#/roles';
    case 'compare':
      return `#/roles/compare/${route.left}/${route.right}`;
    case 'teach-in':
      return `#/teach-ins/${route.id}`;
    case 'roster':
      return route.add ? '#/roster/new' : '#/roster';
    default:
      return `#/${route.screen}`;
  }
}

export const router = $state({ route: parseRoute(typeof location === 'undefined' ? '' : location.hash) });

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => (router.route = parseRoute(location.hash)));
}

export function navigate(route: Route) {
  location.hash = href(route);
}
