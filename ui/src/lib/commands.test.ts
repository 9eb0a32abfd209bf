// A command the window can call is written in five places that nothing ties together: defined in
// src-tauri/src/commands.rs, registered with generate_handler! in src-tauri/src/main.rs, listed in
// src-tauri/build.rs (which makes its allow- permission), allowed in
// src-tauri/capabilities/default.json, and called by name in backend.ts. Miss one and the app
// still builds, but the window gets "command not found" or "not allowed" only when someone clicks.
// (tauri-specta, which could generate them, is still a release candidate for Tauri 2.) This test
// reads the five files and names each command that is missing from any of them.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

/** The text between `start` and the first `end` after it. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  if (from < 0) throw new Error(`"${start}" not found`);
  const to = text.indexOf(end, from + start.length);
  if (to < 0) throw new Error(`"${end}" not found after "${start}"`);
  return text.slice(from + start.length, to);
}

const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]);

const sources = {
  'src-tauri/src/commands.rs (#[tauri::command] fn)': () =>
    all(read('src-tauri/src/commands.rs'), /#\[tauri::command[^\]]*\]\s*(?:#\[[^\]]*\]\s*)*pub (?:async )?fn (\w+)/g),
  'src-tauri/src/main.rs (generate_handler!)': () => all(between(read('src-tauri/src/main.rs'), 'generate_handler![', ']'), /commands::(\w+)/g),
  'src-tauri/build.rs (COMMANDS)': () => all(between(read('src-tauri/build.rs'), 'const COMMANDS: &[&str] = &[', '];'), /"(\w+)"/g),
  'src-tauri/capabilities/default.json (allow-…)': () =>
    (JSON.parse(read('src-tauri/capabilities/default.json')).permissions as unknown[]).map((p) =>
      typeof p === 'string' && /^allow-[a-z0-9-]+$/.test(p) ? p.slice('allow-'.length).replaceAll('-', '_') : `not a command's permission: ${JSON.stringify(p)}`,
    ),
  'ui/src/lib/backend.ts (call)': () => all(read('ui/src/lib/backend.ts'), /\bcall\b[^(]*\(\s*'([a-z0-9_]+)'/g),
};

/** Every way the lists disagree, one line each: a command missing from a place, or listed twice. */
function disagreements(lists: Record<string, string[]>): string[] {
  const everything = new Set(Object.values(lists).flat());
  const problems: string[] = [];
  for (const [place, names] of Object.entries(lists)) {
    for (const name of [...everything].sort()) if (!names.includes(name)) problems.push(`${name}: missing from ${place}`);
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) problems.push(`${name}: twice in ${place}`);
  }
  return problems;
}

const lists = () => Object.fromEntries(Object.entries(sources).map(([place, list]) => [place, list()]));

describe('the command list', () => {
  it('is read from each of the five places', () => {
    for (const [place, names] of Object.entries(lists())) {
      expect(names.length, place).toBeGreaterThan(50);
      expect(names, place).toContain('app_status');
      expect(names, place).toContain('open_export');
    }
  });

  it('is the same in all five', () => {
    expect(disagreements(lists())).toEqual([]);
  });

  it('names the command and the place when one of them leaves it out or lists it twice', () => {
    const agreed = ['app_status', 'load_meeting', 'save_discussion'];
    expect(disagreements({ a: agreed, b: [...agreed].reverse() })).toEqual([]);
    expect(
      disagreements({
        'commands.rs': agreed,
        'capabilities': ['app_status', 'load_meeting'],
        'backend.ts': [...agreed, 'load_meeting', 'delete_everything'],
      }),
    ).toEqual([
      'delete_everything: missing from commands.rs',
      'delete_everything: missing from capabilities',
      'save_discussion: missing from capabilities',
      'load_meeting: twice in backend.ts',
    ]);
  });

  it('lets the window call nothing but the app’s own commands', () => {
    const allowed = sources['src-tauri/capabilities/default.json (allow-…)']();
    expect(allowed.filter((p) => p.startsWith('not a command'))).toEqual([]);
  });
});
