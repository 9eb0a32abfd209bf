// Tells the app, once per start, that the first screen is on screen with its data, so the log
// records how long starting took (and the whole-app benchmark can read it).
import { tick } from 'svelte';
import { backend } from './backend';

let reported = false;

export async function firstScreenReady(screen: string): Promise<void> {
  if (reported) return;
  reported = true;
  await tick();
  // Two frames: the first lays out the new content, the second has painted it.
  requestAnimationFrame(() => requestAnimationFrame(() => void backend.uiReady(screen).catch(() => undefined)));
}
