// A small hash router: the screen to show lives in location.hash, so the back button and
// reloads keep the user where they were.

export type Route =
  | { screen: 'meetings' }
  // `item`: an agenda item to scroll to, highlight and focus (a search hit's case).
  | { screen: 'meeting'; id: number; item?: number }
  | { screen: 'chair'; id: number }
  | { screen: 'actions' }
  // `q`: the words searched for, so going back to the results finds them again.
  | { screen: 'search'; q?: string }
  | { screen: 'roster'; add?: boolean }
  | { screen: 'directory' }
  | { screen: 'dashboard' }
  | { screen: 'backups' }
  | { screen: 'settings' }
  | { screen: 'roles'; key?: string }
  | { screen: 'compare'; left: string; right: string }
  | { screen: 'teach-ins' }
  | { screen: 'teach-in'; id: number };

const roleKey = /^[a-z][a-z_]*$/;

const positive = (text: string | undefined) => {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? n : null;
};

function decoded(text: string | undefined): string | null {
  try {
    return text === undefined ? null : decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const id = Number(parts[1]);
  if (parts[0] === 'meetings' && Number.isInteger(id) && id > 0) {
    if (parts[2] === 'chair') return { screen: 'chair', id };
    const item = parts[2] === 'items' ? positive(parts[3]) : null;
    return item ? { screen: 'meeting', id, item } : { screen: 'meeting', id };
  }
  if (parts[0] === 'search') {
    const q = decoded(parts[1])?.trim();
    return q ? { screen: 'search', q } : { screen: 'search' };
  }
  if (parts[0] === 'roster' && parts[1] === 'new') return { screen: 'roster', add: true };
  if (['actions', 'roster', 'backups', 'settings', 'directory', 'dashboard'].includes(parts[0])) {
    return { screen: parts[0] as 'actions' | 'roster' | 'backups' | 'settings' | 'directory' | 'dashboard' };
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
      return route.item ? `#/meetings/${route.id}/items/${route.item}` : `#/meetings/${route.id}`;
    case 'search':
      return route.q?.trim() ? `#/search/${encodeURIComponent(route.q.trim())}` : '#/search';
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
