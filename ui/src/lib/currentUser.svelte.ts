// Who is using the app, shared by the status bar, the first-start question and the screens that
// change the roster (a new, renamed or removed member can change the answer).
import { backend } from './backend';
import { toAppError } from './errors';
import type { CurrentUser } from './generated/CurrentUser';
import { refreshTeam } from './team.svelte';

export const who = $state<{ user: CurrentUser | null; error: string | null; notNow: boolean }>({
  user: null,
  error: null,
  notNow: false,
});

let requests = 0;

/** Asks the core again; a slower, older answer never replaces a newer one. */
export async function refreshCurrentUser(): Promise<void> {
  const request = ++requests;
  try {
    const user = await backend.currentUser();
    if (request === requests) {
      who.user = user;
      who.error = null;
    }
  } catch (e) {
    if (request === requests) who.error = toAppError(e).message;
  }
}

/** Records `memberId` as the person using the app; throws the core's error for the caller to show. */
export async function chooseCurrentUser(memberId: number): Promise<CurrentUser> {
  ++requests;
  const user = await backend.chooseCurrentUser(memberId);
  who.user = user;
  who.error = null;
  // "Not now" was an answer to the question asked then; if this person leaves the roster, ask again.
  who.notNow = false;
  // Whoever takes over sees the roster as it is now.
  void refreshTeam();
  return user;
}
