// Whole-app figures: the app on the ten-year dataset next to an empty Tauri window built the
// same way (src-tauri/examples/empty_window.rs), measured in the same run, alternating.
// Run it through benches/whole_app.sh, which builds both and generates the dataset.
//
// Start-up: from just before the process is spawned (this script's clock) to the moment the
// first screen reports it is on screen with its data: the UI calls `ui_ready` after the meetings
// list has loaded and two animation frames have passed, and the process logs the wall-clock
// time (`epoch_ms`). The empty window's page makes the same call after two frames. No WebDriver
// is involved in this part, so its own start-up is not counted.
//
// Memory: proportional set size (Pss in /proc/PID/smaps_rollup) summed over the app process and
// every process below it (WebKit's web and network processes), a few seconds after the chair view
// of the meeting in progress has opened (driven through tauri-driver); the empty window is
// measured the same way, a few seconds after it opened.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';
import { startDriver, stopDriver } from './harness.mjs';

const APP = process.env.MDT_APP;
const EMPTY = process.env.MDT_EMPTY;
const CLI = process.env.MDT_CLI;
const DATASET = process.env.MDT_DATASET;
const RUNS = Number(process.env.RUNS ?? 5);
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
const OUT = process.env.MDT_RESULTS;
const SCRATCH = process.env.MDT_SCRATCH ?? os.tmpdir();
const SETTLE_MS = 3000;
// SCREENS_ONLY=1: only the app as shipped, only the screens (no start-up runs, no empty window):
// a quicker look while working on a screen. The default measures everything.
const SCREENS_ONLY = process.env.SCREENS_ONLY === '1';
for (const [name, value] of Object.entries({ MDT_APP: APP, MDT_EMPTY: EMPTY, MDT_CLI: CLI, MDT_DATASET: DATASET, MDT_RESULTS: OUT })) {
  if (!value) throw new Error(`${name} is not set: run benches/whole_app.sh`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A fresh copy of the dataset in its own folder: no backup from today yet, as on the day's first start. */
function freshDb() {
  const dir = mkdtempSync(path.join(SCRATCH, 'run-'));
  const db = path.join(dir, 'mdt.sqlite3');
  copyFileSync(DATASET, db);
  return { dir, db };
}

function children() {
  const byParent = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!byParent.has(ppid)) byParent.set(ppid, []);
      byParent.get(ppid).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return byParent;
}

/** `pid` and every process below it. */
function tree(pid) {
  const byParent = children();
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of byParent.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

function exe(pid) {
  try {
    return readlinkSync(`/proc/${pid}/exe`);
  } catch {
    return '';
  }
}

/** Sum of Pss (KiB) over the processes, with each one's name and share. */
function pss(pids) {
  let total = 0;
  const parts = [];
  for (const pid of pids) {
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kib = Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
      total += kib;
      parts.push(`${path.basename(exe(pid)) || pid}=${Math.round(kib / 1024)}`);
    } catch {
      // Gone, or a kernel thread.
    }
  }
  return { mib: total / 1024, parts: parts.join(' ') };
}

function killTree(pids) {
  for (const pid of pids.slice().reverse()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  }
}

/** Milliseconds from spawn to the ready line the process prints. */
async function startUp(bin, args, env = {}) {
  const t0 = Date.now();
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env, RUST_LOG: 'info' } });
  let log = '';
  try {
    const readyAt = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ready line from ${bin} within 120 s:\n${log}`)), 120000);
      child.stderr.on('data', (chunk) => {
        log += chunk;
        const m = /first screen ready.*epoch_ms=(\d+)/.exec(log);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${bin} exited (${code}) before it was ready:\n${log}`));
      });
    });
    return readyAt - t0;
  } finally {
    const pids = tree(child.pid);
    child.removeAllListeners('exit');
    killTree(pids);
    await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
    await sleep(500);
  }
}

/** The meeting in progress, and the latest finalised one with 40 cases, from `mdt meetings`. */
function meetingIds(db) {
  const rows = execFileSync(CLI, ['--db', db, 'meetings'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const id = (row) => Number(row.at(-1));
  const inProgress = rows.find((r) => r[2] === 'in' && r[3] === 'progress');
  const fortyCases = rows.find((r) => r[2] === 'finalised' && r.at(-3) === '40');
  if (!inProgress || !fortyCases) throw new Error(`no meeting in progress or none with 40 cases in ${db}`);
  return { inProgress: id(inProgress), fortyCases: id(fortyCases) };
}

/** PSS of the process running `bin` (a descendant of tauri-driver) and everything below it. */
function pssOf(bin) {
  const driverTree = tree(process.pid);
  const root = driverTree.find((p) => exe(p) === bin);
  if (!root) throw new Error(`${bin} is not running under tauri-driver`);
  return pss(tree(root));
}

async function session(bin, args) {
  const browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'warn',
    capabilities: { 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: bin, args } },
  });
  await (await browser.$('main h1')).waitForDisplayed({ timeout: 60000 });
  return browser;
}

async function memoryEmpty() {
  const browser = await session(EMPTY, []);
  try {
    await sleep(SETTLE_MS);
    return pssOf(EMPTY);
  } finally {
    await browser.deleteSession();
  }
}

/**
 * Milliseconds from a route change to the screen laid out with its data, measured in the page:
 * the hash changes, a MutationObserver waits for `minCount` matches of `selector`, then layout is
 * forced (paint itself is not counted). Starts from the Backups screen, which loads almost nothing.
 */
async function timeScreen(browser, hash, selector, minCount) {
  await browser.execute(() => (location.hash = '#/backups'));
  await sleep(700);
  return browser.executeAsync(
    (hash, selector, minCount, done) => {
      const t0 = performance.now();
      const ready = () => document.querySelectorAll(selector).length >= minCount;
      const observer = new MutationObserver(() => {
        if (!ready()) return;
        observer.disconnect();
        void document.body.offsetHeight;
        done(performance.now() - t0);
      });
      observer.observe(document.body, { childList: true, subtree: true });
      location.hash = hash;
    },
    hash,
    selector,
    minCount,
  );
}

/** From an empty Search screen: type, press Search, until the results are laid out. */
async function timeSearch(browser, words) {
  await browser.execute(() => (location.hash = '#/search'));
  await (await browser.$('#search-query')).waitForDisplayed({ timeout: 10000 });
  await (await browser.$('#search-query')).setValue(words);
  return browser.executeAsync((done) => {
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.hits li')) return;
      observer.disconnect();
      void document.body.offsetHeight;
      done(performance.now() - t0);
    });
    observer.observe(document.body, { childList: true, subtree: true });
    [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Search').click();
  });
}

async function memoryApp(db, ids) {
  const browser = await session(APP, ['--db', db]);
  try {
    await (await browser.$('ul.meetings')).waitForDisplayed({ timeout: 60000 });
    await sleep(SETTLE_MS);
    const meetings = pssOf(APP);
    await browser.execute((id) => (location.hash = `#/meetings/${id}/chair`), ids.inProgress);
    await (await browser.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 60000 });
    await sleep(SETTLE_MS);
    const chair = pssOf(APP);
    const screens = {
      'meetings list': await timeScreen(browser, '#/meetings', 'ul.meetings li', 27),
      'meeting in progress (planning view)': await timeScreen(browser, `#/meetings/${ids.inProgress}`, 'ol.items > li', 40),
      'finalised 40-case minutes (meeting view)': await timeScreen(browser, `#/meetings/${ids.fortyCases}`, 'ol.items > li', 40),
      'chair view': await timeScreen(browser, `#/meetings/${ids.inProgress}/chair`, '[data-testid="countdown"]', 1),
      'actions: open, whole team': await timeScreen(browser, '#/actions', 'tbody tr.overdue', 1),
      'team roster': await timeScreen(browser, '#/roster', 'tbody tr', 10),
      'search "falls"': await timeSearch(browser, 'falls'),
    };
    return { meetings, chair, screens };
  } finally {
    await browser.deleteSession();
  }
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

// WebKit's compositing mode: the app turns it off on a machine without a GPU render node (as
// this one is) unless MDT_COMPOSITING says otherwise; an empty window leaves it on. Both are
// measured each way, so the table shows what the choice saves and what the app itself adds.
const OFF = { WEBKIT_DISABLE_COMPOSITING_MODE: '1' };
const ON = { MDT_COMPOSITING: 'on' };
const contenders = {
  empty: { bin: EMPTY, env: {} },
  emptyOff: { bin: EMPTY, env: OFF },
  // As shipped: the app decides (the test harness would otherwise turn compositing on for screenshots).
  app: { bin: APP, env: { MDT_COMPOSITING: 'auto' } },
  appOn: { bin: APP, env: ON },
};
if (SCREENS_ONLY) for (const name of ['empty', 'emptyOff', 'appOn']) delete contenders[name];
const results = { runs: RUNS, startMs: {}, pssMiB: {}, screensMs: {}, detail: [] };
for (const name of Object.keys(contenders)) results.startMs[name] = [];

// Start-up, alternating, each app start on a fresh copy of the dataset.
for (let i = 0; i < (SCREENS_ONLY ? 0 : RUNS); i++) {
  for (const [name, c] of Object.entries(contenders)) {
    if (c.bin === EMPTY) {
      results.startMs[name].push(await startUp(EMPTY, [], c.env));
      continue;
    }
    const { dir, db } = freshDb();
    try {
      results.startMs[name].push(await startUp(APP, ['--db', db], c.env));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.error(`start-up run ${i + 1}: ${Object.entries(results.startMs).map(([n, xs]) => `${n} ${xs.at(-1)} ms`).join(', ')}`);
}

/** Runs `f` with tauri-driver (and so the window it starts) given `env`. */
async function withDriver(env, f) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  await startDriver();
  try {
    return await f();
  } finally {
    stopDriver();
    await sleep(1000);
    for (const key of Object.keys(env)) {
      if (key in saved) process.env[key] = saved[key];
      else delete process.env[key];
    }
    await sleep(500);
  }
}

const push = (key, value) => (results.pssMiB[key] ??= []).push(value);
for (let i = 0; i < RUNS; i++) {
  for (const [name, c] of Object.entries(contenders)) {
    if (c.bin === EMPTY) {
      const empty = await withDriver(c.env, memoryEmpty);
      push(name, empty.mib);
      results.detail.push({ [name]: empty.parts });
      console.error(`memory run ${i + 1}: ${name} ${empty.mib.toFixed(1)} MiB (${empty.parts})`);
      continue;
    }
    const { dir, db } = freshDb();
    let app;
    try {
      app = await withDriver(c.env, () => memoryApp(db, meetingIds(db)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    push(`${name}Meetings`, app.meetings.mib);
    push(`${name}Chair`, app.chair.mib);
    results.detail.push({ [`${name}Chair`]: app.chair.parts });
    if (name === 'app') for (const [screen, ms] of Object.entries(app.screens)) (results.screensMs[screen] ??= []).push(ms);
    if (SCREENS_ONLY) console.error(`screens run ${i + 1}: ${Object.entries(app.screens).map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(', ')}`);
    console.error(`memory run ${i + 1}: ${name} chair ${app.chair.mib.toFixed(1)} MiB (${app.chair.parts})`);
  }
  await sleep(1000);
}

const s = results.startMs;
const m = results.pssMiB;
const ratio = (a, b) => {
  const pct = (median(a) / median(b) - 1) * 100;
  return `${pct >= 0 ? '+' : '−'}${Math.abs(pct).toFixed(0)}%`;
};
const row = (label, a, b, target) =>
  `| ${label} | ${median(a).toFixed(0)} (${spread(a)}) | ${median(b).toFixed(0)} (${spread(b)}) | ${ratio(a, b)} | ${target} |`;
const table = [
  ...(SCREENS_ONLY ? [] : [
  `| figure, median (min–max of ${RUNS}) | app (ten-year data) | empty Tauri window | app over empty | target |`,
  '| --- | --- | --- | --- | --- |',
  row('launch to first screen interactive, ms: app as shipped (compositing off here) / empty window as built', s.app, s.empty, '≤ +10%'),
  row('the same, both with compositing off', s.app, s.emptyOff, ''),
  row('the same, both with compositing on', s.appOn, s.empty, ''),
  row('memory (PSS, all processes) on the meetings list, MiB: app as shipped / empty window as built', m.appMeetings, m.empty, ''),
  row('memory with the chair view open, MiB: app as shipped / empty window as built', m.appChair, m.empty, '≤ +15%'),
  row('the same, both with compositing off', m.appChair, m.emptyOff, ''),
  row('the same, both with compositing on', m.appOnChair, m.empty, ''),
  '',
  ]),
  '| screen in the app (route change to laid out with its data) | median (min–max) | target |',
  '| --- | --- | --- |',
  ...Object.entries(results.screensMs).map(([name, xs]) => `| ${name} | ${median(xs).toFixed(0)} ms (${spread(xs)}) | < 50 ms |`),
].join('\n');
mkdirSync(path.dirname(OUT), { recursive: true });
writeFileSync(SCREENS_ONLY ? OUT.replace(/\.json$/, '.screens.json') : OUT, JSON.stringify(results, null, 2));
console.log(table);
