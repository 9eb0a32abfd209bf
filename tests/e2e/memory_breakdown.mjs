// Where the memory goes: each process of the empty window and of the app (the app with the chair
// view of meeting CHAIR open on database DB), its proportional set size by mapping (the binary,
// each library, [heap], anonymous memory) and its thread count, from /proc/PID/smaps. Used to break
// down the whole-app memory figure (README, Performance); not a test. Release builds, e.g.:
//   cd tests/e2e && MDT_APP=../../target/release/mdt-desktop MDT_EMPTY=../../target/release/examples/empty_window \
//     DB=/dev/shm/ten-year-copy.sqlite3 CHAIR=520 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
//     xvfb-run -a dbus-run-session -- node memory_breakdown.mjs
// WHICH=app or WHICH=empty measures only one; SETTLE (ms, default 3000) waits before reading.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { remote } from 'webdriverio';
import { startDriver, stopDriver } from './harness.mjs';
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function children() { const m = new Map(); for (const e of readdirSync('/proc')) { if (!/^\d+$/.test(e)) continue; try { const st = readFileSync(`/proc/${e}/stat`, 'utf8'); const pp = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]); if (!m.has(pp)) m.set(pp, []); m.get(pp).push(Number(e)); } catch {} } return m; }
function tree(pid) { const m = children(); const out = []; const w = (p) => { out.push(p); for (const c of m.get(p) ?? []) w(c); }; w(pid); return out; }
const exe = (p) => { try { return readlinkSync(`/proc/${p}/exe`); } catch { return ''; } };
function breakdown(pid) {
  const text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  const by = new Map(); let cur = null; let total = 0;
  for (const line of text.split('\n')) {
    const h = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (h) { cur = h[1] || '[anon]'; if (cur.startsWith('/memfd')) cur = '/memfd'; continue; }
    const p = /^Pss:\s+(\d+) kB/.exec(line);
    if (p && cur) { by.set(cur, (by.get(cur) ?? 0) + Number(p[1])); total += Number(p[1]); }
  }
  const threads = /Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1];
  const top = [...by.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `  ${(v / 1024).toFixed(1).padStart(6)} ${k}`).join('\n');
  return `${path.basename(exe(pid))} pid ${pid}: ${(total / 1024).toFixed(1)} MiB, threads ${threads}\n${top}`;
}
async function probe(bin, args, chair) {
  await startDriver();
  try {
    const b = await remote({ hostname: '127.0.0.1', port: PORT, logLevel: 'warn', capabilities: { 'wdio:enforceWebDriverClassic': true, 'tauri:options': { application: bin, args } } });
    await (await b.$('main h1')).waitForDisplayed({ timeout: 60000 });
    if (chair) {
      await (await b.$('ul.meetings')).waitForDisplayed({ timeout: 60000 });
      await sleep(3000);
      await b.execute((id) => (location.hash = `#/meetings/${id}/chair`), Number(chair));
      await (await b.$('[data-testid="countdown"]')).waitForDisplayed({ timeout: 60000 });
    }
    await sleep(Number(process.env.SETTLE ?? 3000));
    const root = tree(process.pid).find((p) => exe(p) === bin);
    for (const p of tree(root)) { try { console.log(breakdown(p)); } catch {} }
    await b.deleteSession();
  } finally { stopDriver(); await sleep(1000); }
}
if (process.env.WHICH !== 'app') await probe(process.env.MDT_EMPTY, [], null);
if (process.env.WHICH !== 'empty') await probe(process.env.MDT_APP, ['--db', process.env.DB], process.env.CHAIR);
